package dev.idcprov.pulumi.program;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.pulumi.Config;
import dev.idcprov.pulumi.internal.InputChecks;
import dev.idcprov.waiter.PermissionSetArn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The root program's stack config, read and checked before any resource is declared. Keys, in the project's
 * namespace:
 * <ul>
 *   <li>{@code instanceArn} (required): the IAM Identity Center instance ARN;</li>
 *   <li>{@code permissionSets} (required): a list of objects, each {@code arn} (required), {@code accounts} (a
 *       list of 12-digit ids) or {@code allProvisionedAccounts: true}, {@code force} (default false) and
 *       {@code name} (the component's name; default: the {@code ps-...} id of the ARN);</li>
 *   <li>{@code timeoutSeconds}, {@code pollIntervalSeconds}, {@code maxRequestsPerSecond}, {@code endpoint}
 *       (optional): passed to every component; an empty endpoint means AWS.</li>
 * </ul>
 * Region and profile come from {@code aws:region} / {@code aws:profile}, read by the component itself.
 *
 * @param instanceArn          the instance
 * @param permissionSets       the entries, in config order
 * @param timeoutSeconds       the deadline, or null for the component's default
 * @param pollIntervalSeconds  the poll interval, or null for the component's default
 * @param maxRequestsPerSecond the call budget, or null for the component's default
 * @param endpoint             the endpoint override, or null for AWS
 */
public record ProgramConfig(String instanceArn, List<Entry> permissionSets, Integer timeoutSeconds,
                            Integer pollIntervalSeconds, Double maxRequestsPerSecond, String endpoint) {

  /**
   * One permission set and its targets.
   *
   * @param name                   the component's name
   * @param arn                    the permission set ARN
   * @param accounts               the target accounts; empty when {@code allProvisionedAccounts}
   * @param allProvisionedAccounts whether every provisioned account is targeted
   * @param force                  whether up-to-date accounts are provisioned too
   */
  public record Entry(String name, String arn, List<String> accounts, boolean allProvisionedAccounts,
                      boolean force) {
  }

  /**
   * @param config the project's config
   * @return the checked config
   * @throws IllegalArgumentException naming the key, when a value is missing or invalid
   */
  public static ProgramConfig read(Config config) {
    String ns = config.getName() + ":";
    String instanceArn = config.get("instanceArn").orElseThrow(() -> new IllegalArgumentException(
        "stack config " + ns + "instanceArn is required: pulumi config set instanceArn arn:aws:sso:::instance/ssoins-..."));
    try {
      InputChecks.instanceArn(instanceArn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stack config " + ns + e.getMessage(), e);
    }
    String raw = config.get("permissionSets").orElseThrow(() -> new IllegalArgumentException(
        "stack config " + ns + "permissionSets is required: a list of {arn, accounts | allProvisionedAccounts, force}"
            + " objects, set with pulumi config set --path 'permissionSets[0].arn' arn:aws:sso:::permissionSet/..."));
    List<Entry> entries = entries(ns + "permissionSets", raw);
    Integer timeout = config.getInteger("timeoutSeconds").orElse(null);
    Integer poll = config.getInteger("pollIntervalSeconds").orElse(null);
    Double rate = config.getDouble("maxRequestsPerSecond").orElse(null);
    String endpoint = config.get("endpoint").filter(s -> !s.isBlank()).orElse(null);
    try {
      Optional.ofNullable(timeout).ifPresent(InputChecks::timeoutSeconds);
      Optional.ofNullable(poll).ifPresent(InputChecks::pollIntervalSeconds);
      Optional.ofNullable(rate).ifPresent(InputChecks::maxRequestsPerSecond);
      Optional.ofNullable(endpoint).ifPresent(InputChecks::endpoint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stack config " + ns + e.getMessage(), e);
    }
    return new ProgramConfig(instanceArn, entries, timeout, poll, rate, endpoint);
  }

  private static List<Entry> entries(String key, String raw) {
    JsonArray array;
    try {
      JsonElement parsed = JsonParser.parseString(raw);
      if (!parsed.isJsonArray() || parsed.getAsJsonArray().isEmpty()) {
        throw new IllegalArgumentException("stack config " + key + " must be a non-empty list of objects, got " + raw);
      }
      array = parsed.getAsJsonArray();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("stack config " + key + " must be a list of objects, got " + raw, e);
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> arns = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = key + "[" + i + "]";
      if (!array.get(i).isJsonObject()) {
        throw new IllegalArgumentException("stack config " + at + " must be an object with arn and targets");
      }
      JsonObject o = array.get(i).getAsJsonObject();
      for (String field : o.keySet()) {
        if (!Set.of("name", "arn", "accounts", "allProvisionedAccounts", "force").contains(field)) {
          throw new IllegalArgumentException("stack config " + at + "." + field
              + " is not a known field: use name, arn, accounts, allProvisionedAccounts, force");
        }
      }
      String arn = string(o, "arn", at);
      if (arn == null) {
        throw new IllegalArgumentException("stack config " + at + ".arn is required: the permission set ARN");
      }
      check(at + ".arn", () -> InputChecks.permissionSetArns(List.of(arn)));
      boolean all = bool(o, "allProvisionedAccounts", at);
      List<String> accounts = new ArrayList<>();
      if (o.has("accounts")) {
        if (!o.get("accounts").isJsonArray()) {
          throw new IllegalArgumentException("stack config " + at + ".accounts must be a list of 12-digit account ids");
        }
        o.get("accounts").getAsJsonArray().forEach(e -> accounts.add(e.isJsonPrimitive() ? e.getAsString() : e.toString()));
        check(at + ".accounts", () -> InputChecks.accountIds(accounts));
      }
      if (all && o.has("accounts")) {
        throw new IllegalArgumentException("stack config " + at
            + ": give either accounts or allProvisionedAccounts: true, not both");
      }
      if (!all && !o.has("accounts")) {
        throw new IllegalArgumentException("stack config " + at
            + ": targets are required: give accounts (12-digit ids) or allProvisionedAccounts: true");
      }
      String name = Optional.ofNullable(string(o, "name", at))
          .orElseGet(() -> PermissionSetArn.parse(at + ".arn", arn).permissionSetId());
      if (name.isBlank() || !names.add(name)) {
        throw new IllegalArgumentException("stack config " + at + ".name '" + name
            + "' must be non-blank and unique: each entry becomes a component of that name");
      }
      if (!arns.add(arn)) {
        throw new IllegalArgumentException("stack config " + at + ".arn repeats " + arn
            + ": give each permission set once, with all its accounts");
      }
      entries.add(new Entry(name, arn, List.copyOf(accounts), all, bool(o, "force", at)));
    }
    return List.copyOf(entries);
  }

  private static String string(JsonObject o, String field, String at) {
    if (!o.has(field) || o.get(field).isJsonNull()) {
      return null;
    }
    if (!o.get(field).isJsonPrimitive()) {
      throw new IllegalArgumentException("stack config " + at + "." + field + " must be a string");
    }
    return o.get(field).getAsString();
  }

  private static boolean bool(JsonObject o, String field, String at) {
    if (!o.has(field) || o.get(field).isJsonNull()) {
      return false;
    }
    JsonElement e = o.get(field);
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
      return e.getAsBoolean();
    }
    if (e.isJsonPrimitive() && ("true".equals(e.getAsString()) || "false".equals(e.getAsString()))) {
      return Boolean.parseBoolean(e.getAsString());
    }
    throw new IllegalArgumentException("stack config " + at + "." + field + " must be true or false, got " + e);
  }

  private static void check(String field, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("stack config " + field + ": " + e.getMessage(), e);
    }
  }
}
