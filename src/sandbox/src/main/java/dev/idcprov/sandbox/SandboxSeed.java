package dev.idcprov.sandbox;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the sandbox starts with: one Identity Center instance, the organization's member accounts (with their status
 * and the customer managed IAM policies that exist in each) and a few principal ids usable in account assignments.
 * Immutable.
 *
 * <p>The default seed ({@link #defaults()}) is documented in {@code docs/SANDBOX.md}: ten ACTIVE accounts
 * {@code 111111111111} .. {@code 999999999999} and {@code 101010101010}, one SUSPENDED account {@code 121212121212},
 * and the customer managed policies {@value #DEFAULT_READ_ONLY_POLICY} (path {@code /}) and
 * {@value #DEFAULT_BOUNDARY_POLICY} (path {@code /boundaries/}) present in every ACTIVE account except
 * {@value #DEFAULT_ACCOUNT_WITHOUT_POLICIES}, so provisioning a set referencing them to that account FAILS.
 *
 * <p>The JSON form ({@link #fromJson(Path)}, {@link #toJson()}):
 * <pre>{@code
 * {
 *   "instanceArn": "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d",
 *   "identityStoreId": "d-9067a1b2c3",
 *   "ownerAccountId": "000000000000",
 *   "instanceName": "sandbox",
 *   "accounts": [
 *     {"id": "111111111111", "name": "dev", "status": "ACTIVE",
 *      "customerManagedPolicies": [{"name": "SandboxReadOnly", "path": "/"}]}
 *   ],
 *   "users": ["906712345a-1b2c3d4e-..."],
 *   "groups": ["..."]
 * }
 * }</pre>
 * Only {@code accounts} is required; missing fields take the default seed's values, a missing {@code status} is
 * {@code ACTIVE}, a missing {@code path} is {@code /}.
 *
 * <p>Size: just over 400 lines, the seed file's documented format and its field-by-field validation; nothing else.
 */
public final class SandboxSeed {
  /** Customer managed policy present in every default ACTIVE account but {@link #DEFAULT_ACCOUNT_WITHOUT_POLICIES}. */
  public static final String DEFAULT_READ_ONLY_POLICY = "SandboxReadOnly";
  /** Customer managed policy (path {@code /boundaries/}) present like {@link #DEFAULT_READ_ONLY_POLICY}. */
  public static final String DEFAULT_BOUNDARY_POLICY = "SandboxBoundary";
  /** The default ACTIVE account that lacks the customer managed policies. */
  public static final String DEFAULT_ACCOUNT_WITHOUT_POLICIES = "444444444444";
  /** The default SUSPENDED account. */
  public static final String DEFAULT_SUSPENDED_ACCOUNT = "121212121212";
  /** The default instance ARN. */
  public static final String DEFAULT_INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d";
  /** The default identity store id. */
  public static final String DEFAULT_IDENTITY_STORE_ID = "d-9067a1b2c3";

  private static final Pattern INSTANCE_ARN =
      Pattern.compile("arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern PRINCIPAL_ID = Pattern.compile(
      "([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}");
  private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]+");
  private static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9.,+@=_-]+)*)/");

  /**
   * A customer managed IAM policy that exists in an account.
   *
   * @param name the policy name
   * @param path the policy path, {@code /} by default
   */
  public record Policy(String name, String path) {
    /**
     * Validates the name and path with the IAM patterns.
     *
     * @param name the policy name
     * @param path the policy path, {@code /} by default
     */
    public Policy {
      Objects.requireNonNull(name, "name");
      path = path == null ? "/" : path;
      if (!POLICY_NAME.matcher(name).matches() || name.length() > 128) {
        throw new IllegalArgumentException("policy name must match [\\w+=,.@-]{1,128}, got '" + name + "'");
      }
      if (!POLICY_PATH.matcher(path).matches() || path.length() > 512) {
        throw new IllegalArgumentException("policy path must start and end with '/', got '" + path + "'");
      }
    }
  }

  /**
   * A member account of the organization.
   *
   * @param id the 12-digit account id
   * @param name a display name
   * @param status {@code ACTIVE} or {@code SUSPENDED}
   * @param customerManagedPolicies the customer managed policies that exist in the account
   */
  public record Account(String id, String name, String status, List<Policy> customerManagedPolicies) {
    /**
     * Validates the id and status, copies the policies.
     *
     * @param id the 12-digit account id
     * @param name a display name
     * @param status {@code ACTIVE} or {@code SUSPENDED}
     * @param customerManagedPolicies the customer managed policies that exist in the account
     */
    public Account {
      Objects.requireNonNull(id, "id");
      if (!ACCOUNT_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("account id must be 12 digits, got '" + id + "'");
      }
      name = name == null ? id : name;
      status = status == null ? "ACTIVE" : status;
      if (!status.equals("ACTIVE") && !status.equals("SUSPENDED")) {
        throw new IllegalArgumentException("account " + id + ": status must be ACTIVE or SUSPENDED, got '" + status + "'");
      }
      customerManagedPolicies = List.copyOf(customerManagedPolicies == null ? List.of() : customerManagedPolicies);
    }

    /** @return whether the account is an ACTIVE member */
    public boolean active() {
      return status.equals("ACTIVE");
    }

    /**
     * @param name policy name
     * @param path policy path
     * @return whether that customer managed policy exists in the account
     */
    public boolean hasPolicy(String name, String path) {
      return customerManagedPolicies.contains(new Policy(name, path));
    }
  }

  private final String instanceArn;
  private final String identityStoreId;
  private final String ownerAccountId;
  private final String instanceName;
  private final List<Account> accounts;
  private final List<String> users;
  private final List<String> groups;

  /**
   * @param instanceArn the instance ARN ({@code arn:aws:sso:::instance/ssoins-<16 chars>})
   * @param identityStoreId the identity store id
   * @param ownerAccountId the management account id (12 digits)
   * @param instanceName the instance name
   * @param accounts the member accounts, at least one, ids unique
   * @param users user principal ids
   * @param groups group principal ids
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when a value breaks the service's format, naming the field
   */
  public SandboxSeed(String instanceArn, String identityStoreId, String ownerAccountId, String instanceName,
      List<Account> accounts, List<String> users, List<String> groups) {
    this.instanceArn = Objects.requireNonNull(instanceArn, "instanceArn");
    this.identityStoreId = Objects.requireNonNull(identityStoreId, "identityStoreId");
    this.ownerAccountId = Objects.requireNonNull(ownerAccountId, "ownerAccountId");
    this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
    this.accounts = List.copyOf(accounts);
    this.users = List.copyOf(users);
    this.groups = List.copyOf(groups);
    if (!INSTANCE_ARN.matcher(instanceArn).matches()) {
      throw new IllegalArgumentException(
          "instanceArn must look like arn:aws:sso:::instance/ssoins-<16 characters>, got '" + instanceArn + "'");
    }
    if (!identityStoreId.matches("[a-zA-Z0-9-]{1,64}")) {
      throw new IllegalArgumentException("identityStoreId must match [a-zA-Z0-9-]{1,64}, got '" + identityStoreId + "'");
    }
    if (!ACCOUNT_ID.matcher(ownerAccountId).matches()) {
      throw new IllegalArgumentException("ownerAccountId must be 12 digits, got '" + ownerAccountId + "'");
    }
    if (this.accounts.isEmpty()) {
      throw new IllegalArgumentException("accounts must hold at least one account");
    }
    Set<String> ids = new HashSet<>();
    for (Account a : this.accounts) {
      if (!ids.add(a.id())) {
        throw new IllegalArgumentException("accounts: account id " + a.id() + " appears twice");
      }
    }
    for (String p : this.users) {
      checkPrincipal("users", p);
    }
    for (String p : this.groups) {
      checkPrincipal("groups", p);
    }
  }

  private static void checkPrincipal(String field, String id) {
    if (id == null || !PRINCIPAL_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(field + ": principal id must look like an identity store id "
          + "([0-9a-f]{10}- followed by a UUID, or a UUID), got '" + id + "'");
    }
  }

  /** @return the documented default seed (see the class comment) */
  public static SandboxSeed defaults() {
    List<Policy> policies = List.of(new Policy(DEFAULT_READ_ONLY_POLICY, "/"),
        new Policy(DEFAULT_BOUNDARY_POLICY, "/boundaries/"));
    String[][] names = {
        {"111111111111", "shared-services"}, {"222222222222", "network"}, {"333333333333", "security-audit"},
        {"444444444444", "legacy-workloads"}, {"555555555555", "dev"}, {"666666666666", "test"},
        {"777777777777", "staging"}, {"888888888888", "prod"}, {"999999999999", "data"},
        {"101010101010", "sandbox-playground"}};
    List<Account> accounts = new ArrayList<>();
    for (String[] n : names) {
      accounts.add(new Account(n[0], n[1], "ACTIVE",
          n[0].equals(DEFAULT_ACCOUNT_WITHOUT_POLICIES) ? List.of() : policies));
    }
    accounts.add(new Account(DEFAULT_SUSPENDED_ACCOUNT, "closed-project", "SUSPENDED", policies));
    return new SandboxSeed(DEFAULT_INSTANCE_ARN, DEFAULT_IDENTITY_STORE_ID, "000000000000", "sandbox", accounts,
        List.of("9067a1b2c3-1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", "9067a1b2c3-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"),
        List.of("9067a1b2c3-3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f", "9067a1b2c3-4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f8a"));
  }

  /**
   * Reads a seed from a JSON file (format in the class comment).
   *
   * @param json the file
   * @return the seed
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the JSON is malformed or a value is invalid, naming the field
   */
  public static SandboxSeed fromJson(Path json) {
    Objects.requireNonNull(json, "json");
    try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
      return fromJson(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed file " + json + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a seed from JSON (format in the class comment).
   *
   * @param json the JSON text
   * @return the seed
   * @throws IllegalArgumentException when the JSON is malformed or a value is invalid, naming the field
   */
  public static SandboxSeed fromJson(Reader json) {
    Objects.requireNonNull(json, "json");
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseReader(json);
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException("seed: expected a JSON object at the top level");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("seed: malformed JSON: " + e.getMessage(), e);
    }
    SandboxSeed d = defaults();
    if (!o.has("accounts") || !o.get("accounts").isJsonArray()) {
      throw new IllegalArgumentException("seed: 'accounts' is required and must be an array of accounts");
    }
    List<Account> accounts = new ArrayList<>();
    for (JsonElement ae : o.getAsJsonArray("accounts")) {
      if (!ae.isJsonObject()) {
        throw new IllegalArgumentException("seed: every element of 'accounts' must be an object");
      }
      JsonObject a = ae.getAsJsonObject();
      List<Policy> policies = new ArrayList<>();
      if (a.has("customerManagedPolicies")) {
        for (JsonElement pe : a.getAsJsonArray("customerManagedPolicies")) {
          JsonObject p = pe.getAsJsonObject();
          policies.add(new Policy(str(p, "name", null), str(p, "path", "/")));
        }
      }
      accounts.add(new Account(str(a, "id", null), a.has("name") ? str(a, "name", null) : null, str(a, "status", "ACTIVE"), policies));
    }
    return new SandboxSeed(str(o, "instanceArn", d.instanceArn), str(o, "identityStoreId", d.identityStoreId),
        str(o, "ownerAccountId", d.ownerAccountId), str(o, "instanceName", d.instanceName), accounts,
        strings(o, "users", d.users), strings(o, "groups", d.groups));
  }

  private static String str(JsonObject o, String field, String dflt) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      if (dflt == null) {
        throw new IllegalArgumentException("seed: '" + field + "' is required");
      }
      return dflt;
    }
    if (!e.isJsonPrimitive()) {
      throw new IllegalArgumentException("seed: '" + field + "' must be a string");
    }
    return e.getAsString();
  }

  private static List<String> strings(JsonObject o, String field, List<String> dflt) {
    if (!o.has(field)) {
      return dflt;
    }
    List<String> out = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray(field)) {
      out.add(e.getAsString());
    }
    return out;
  }

  /** @return this seed as JSON in the format {@link #fromJson(Reader)} reads */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("instanceArn", instanceArn);
    o.addProperty("identityStoreId", identityStoreId);
    o.addProperty("ownerAccountId", ownerAccountId);
    o.addProperty("instanceName", instanceName);
    JsonArray accs = new JsonArray();
    for (Account a : accounts) {
      JsonObject ao = new JsonObject();
      ao.addProperty("id", a.id());
      ao.addProperty("name", a.name());
      ao.addProperty("status", a.status());
      JsonArray ps = new JsonArray();
      for (Policy p : a.customerManagedPolicies()) {
        JsonObject po = new JsonObject();
        po.addProperty("name", p.name());
        po.addProperty("path", p.path());
        ps.add(po);
      }
      ao.add("customerManagedPolicies", ps);
      accs.add(ao);
    }
    o.add("accounts", accs);
    JsonArray us = new JsonArray();
    users.forEach(us::add);
    o.add("users", us);
    JsonArray gs = new JsonArray();
    groups.forEach(gs::add);
    o.add("groups", gs);
    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    return gson.toJson(o);
  }

  /**
   * @param count how many accounts to generate, at least 1
   * @return a copy whose accounts are replaced by {@code count} ACTIVE accounts ({@code 200000000000},
   *     {@code 200000000001}, ...) each holding every customer managed policy of this seed
   * @throws IllegalArgumentException when {@code count} is below 1
   */
  public SandboxSeed withGeneratedAccounts(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("generatedAccounts must be at least 1, got " + count);
    }
    Set<Policy> all = new java.util.LinkedHashSet<>();
    for (Account a : accounts) {
      all.addAll(a.customerManagedPolicies());
    }
    List<Policy> policies = List.copyOf(all);
    List<Account> generated = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = String.format("%012d", 200_000_000_000L + i);
      generated.add(new Account(id, "generated-" + i, "ACTIVE", policies));
    }
    return new SandboxSeed(instanceArn, identityStoreId, ownerAccountId, instanceName, generated, users, groups);
  }

  /** @return the instance ARN */
  public String instanceArn() {
    return instanceArn;
  }

  /** @return the identity store id */
  public String identityStoreId() {
    return identityStoreId;
  }

  /** @return the management account id that owns the instance */
  public String ownerAccountId() {
    return ownerAccountId;
  }

  /** @return the instance name */
  public String instanceName() {
    return instanceName;
  }

  /** @return the member accounts, in seed order */
  public List<Account> accounts() {
    return accounts;
  }

  /** @return user principal ids */
  public List<String> users() {
    return users;
  }

  /** @return group principal ids */
  public List<String> groups() {
    return groups;
  }
}
