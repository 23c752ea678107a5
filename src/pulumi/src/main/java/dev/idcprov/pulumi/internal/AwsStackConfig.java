package dev.idcprov.pulumi.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.idcprov.waiter.AwsIds;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's {@code aws:*} config as the pulumi-aws default provider reads it: {@code region}, {@code profile},
 * {@code accessKey}/{@code secretKey}/{@code token}, {@code assumeRole} (pulumi-aws 6.x, one object) or
 * {@code assumeRoles} (7.x, a list of hops), {@code endpoints} (its {@code ssoadmin} and {@code sts} entries),
 * {@code allowedAccountIds} and {@code forbiddenAccountIds}. Object and list values arrive as the
 * JSON Pulumi stores them. Every problem names the config key, never a secret's value.
 *
 * @param region              {@code aws:region}, or null
 * @param profile             {@code aws:profile}, or null
 * @param accessKey           {@code aws:accessKey}, or null
 * @param secretKey           {@code aws:secretKey}, or null
 * @param token               {@code aws:token}, or null
 * @param roles               {@code aws:assumeRole} or {@code aws:assumeRoles}, in order
 * @param ssoadminEndpoint    {@code aws:endpoints[].ssoadmin}, or null
 * @param stsEndpoint         {@code aws:endpoints[].sts}, or null
 * @param allowedAccountIds   {@code aws:allowedAccountIds}
 * @param forbiddenAccountIds {@code aws:forbiddenAccountIds}
 */
public record AwsStackConfig(String region, String profile, String accessKey, String secretKey, String token,
                             List<AwsIdentity.RoleHop> roles, URI ssoadminEndpoint, URI stsEndpoint,
                             List<String> allowedAccountIds, List<String> forbiddenAccountIds) {
  /** Shortest role session pulumi-aws accepts. */
  public static final Duration MIN_SESSION = Duration.ofMinutes(15);
  /** Longest role session pulumi-aws accepts. */
  public static final Duration MAX_SESSION = Duration.ofHours(12);
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** @return config with nothing set */
  public static AwsStackConfig empty() {
    return new AwsStackConfig(null, null, null, null, null, List.of(), null, null, List.of(), List.of());
  }

  /**
   * Reads the config.
   *
   * @param get the value of a key of the {@code aws} namespace (without the {@code aws:} prefix), if set
   * @return the config
   * @throws IllegalArgumentException naming the key, if a value is malformed or two keys conflict
   */
  public static AwsStackConfig read(Function<String, Optional<String>> get) {
    String accessKey = get.apply("accessKey").orElse(null);
    String secretKey = get.apply("secretKey").orElse(null);
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("stack config aws:accessKey and aws:secretKey go together: set both or "
          + "neither (" + (accessKey == null ? "aws:secretKey" : "aws:accessKey") + " is set alone)");
    }
    Optional<String> single = get.apply("assumeRole");
    Optional<String> list = get.apply("assumeRoles");
    if (single.isPresent() && list.isPresent()) {
      throw new IllegalArgumentException("stack config aws:assumeRole and aws:assumeRoles conflict: set one "
          + "(aws:assumeRole is pulumi-aws 6.x's single role, aws:assumeRoles 7.x's list)");
    }
    List<AwsIdentity.RoleHop> roles = new ArrayList<>();
    single.ifPresent(json -> roles.add(hop("aws:assumeRole", object("aws:assumeRole", json))));
    list.ifPresent(json -> {
      JsonArray hops = array("aws:assumeRoles", json);
      for (int i = 0; i < hops.size(); i++) {
        String key = "aws:assumeRoles[" + i + "]";
        roles.add(hop(key, asObject(key, hops.get(i))));
      }
    });
    URI ssoadmin = null;
    URI sts = null;
    Optional<String> endpoints = get.apply("endpoints");
    if (endpoints.isPresent()) {
      JsonElement parsed = parse("aws:endpoints", endpoints.get());
      List<JsonObject> entries = new ArrayList<>();
      if (parsed.isJsonArray()) {
        parsed.getAsJsonArray().forEach(e -> entries.add(asObject("aws:endpoints[]", e)));
      } else {
        entries.add(asObject("aws:endpoints", parsed));
      }
      for (JsonObject entry : entries) {
        String s = string("aws:endpoints[].ssoadmin", entry, "ssoadmin");
        String t = string("aws:endpoints[].sts", entry, "sts");
        ssoadmin = s == null ? ssoadmin : endpoint("aws:endpoints[].ssoadmin", s);
        sts = t == null ? sts : endpoint("aws:endpoints[].sts", t);
      }
    }
    List<String> allowed = accounts("aws:allowedAccountIds", get.apply("allowedAccountIds"));
    List<String> forbidden = accounts("aws:forbiddenAccountIds", get.apply("forbiddenAccountIds"));
    if (!allowed.isEmpty() && !forbidden.isEmpty()) {
      throw new IllegalArgumentException("stack config aws:allowedAccountIds and aws:forbiddenAccountIds conflict: "
          + "pulumi-aws accepts only one of them");
    }
    return new AwsStackConfig(get.apply("region").orElse(null), get.apply("profile").orElse(null), accessKey,
        secretKey, get.apply("token").orElse(null), roles, ssoadmin, sts, allowed,
        forbidden);
  }

  /**
   * Parses a duration as pulumi-aws writes it (Go syntax: {@code 1h}, {@code 15m}, {@code 1h30m}, {@code 900s}).
   *
   * @param key   the config key, for messages
   * @param value the text
   * @return the duration, between 15 minutes and 12 hours
   * @throws IllegalArgumentException naming the key, if malformed or out of range
   */
  public static Duration goDuration(String key, String value) {
    Matcher m = GO_DURATION.matcher(value.trim());
    double nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      end = m.end();
    }
    if (end == 0 || end != value.trim().length()) {
      throw new IllegalArgumentException("stack config " + key + " is '" + value + "': expected a duration such as "
          + "1h, 45m or 1h30m (units ns, us, ms, s, m, h)");
    }
    Duration d = Duration.ofNanos(Math.round(nanos));
    if (d.compareTo(MIN_SESSION) < 0 || d.compareTo(MAX_SESSION) > 0) {
      throw new IllegalArgumentException("stack config " + key + " is '" + value + "': a role session lasts between "
          + "15 minutes and 12 hours");
    }
    return d;
  }

  private static AwsIdentity.RoleHop hop(String key, JsonObject o) {
    String roleArn = string(key + ".roleArn", o, "roleArn");
    if (roleArn == null || roleArn.isBlank()) {
      throw new IllegalArgumentException("stack config " + key + ".roleArn is required: give the ARN of the role "
          + "to assume, such as arn:aws:iam::111111111111:role/IdentityCenterAdmin");
    }
    if (!roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
      throw new IllegalArgumentException("stack config " + key + ".roleArn is '" + roleArn + "': expected a role "
          + "ARN such as arn:aws:iam::111111111111:role/IdentityCenterAdmin");
    }
    String duration = string(key + ".duration", o, "duration");
    Map<String, String> tags = new LinkedHashMap<>();
    if (o.has("tags") && !o.get("tags").isJsonNull()) {
      asObject(key + ".tags", o.get("tags")).entrySet().forEach(e -> tags.put(e.getKey(), e.getValue().getAsString()));
    }
    return new AwsIdentity.RoleHop(roleArn, string(key + ".sessionName", o, "sessionName"),
        string(key + ".externalId", o, "externalId"),
        duration == null ? null : goDuration(key + ".duration", duration),
        string(key + ".sourceIdentity", o, "sourceIdentity"), string(key + ".policy", o, "policy"),
        strings(key + ".policyArns", o.get("policyArns")), tags,
        strings(key + ".transitiveTagKeys", o.get("transitiveTagKeys")));
  }

  private static List<String> accounts(String key, Optional<String> json) {
    if (json.isEmpty()) {
      return List.of();
    }
    List<String> ids = strings(key, parse(key, json.get()));
    try {
      return AwsIds.requireDistinct(key, ids, AwsIds::requireAccountId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stack config " + e.getMessage(), e);
    }
  }

  private static URI endpoint(String key, String value) {
    try {
      return InputChecks.toUri(InputChecks.endpoint(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stack config " + key + ": " + e.getMessage(), e);
    }
  }

  private static List<String> strings(String key, JsonElement e) {
    if (e == null || e.isJsonNull()) {
      return List.of();
    }
    if (!e.isJsonArray()) {
      throw new IllegalArgumentException("stack config " + key + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    e.getAsJsonArray().forEach(v -> {
      if (!v.isJsonPrimitive()) {
        throw new IllegalArgumentException("stack config " + key + " must be a list of strings");
      }
      out.add(v.getAsString());
    });
    return out;
  }

  private static String string(String key, JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw new IllegalArgumentException("stack config " + key + " must be a string");
    }
    return e.getAsString();
  }

  private static JsonElement parse(String key, String json) {
    try {
      return JsonParser.parseString(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("stack config " + key + " is not valid JSON: set it with pulumi config set "
          + "--path (objects and lists)", e);
    }
  }

  private static JsonObject object(String key, String json) {
    return asObject(key, parse(key, json));
  }

  private static JsonArray array(String key, String json) {
    JsonElement e = parse(key, json);
    if (!e.isJsonArray()) {
      throw new IllegalArgumentException("stack config " + key + " must be a list of objects, each with a roleArn");
    }
    return e.getAsJsonArray();
  }

  private static JsonObject asObject(String key, JsonElement e) {
    if (e == null || !e.isJsonObject()) {
      throw new IllegalArgumentException("stack config " + key + " must be an object");
    }
    return e.getAsJsonObject();
  }

  @Override
  public String toString() {
    return "AwsStackConfig{region=" + region + ", profile=" + profile + ", accessKey="
        + (accessKey == null ? null : AwsIdentity.redact(accessKey)) + ", roles=" + roles.size() + '}';
  }
}
