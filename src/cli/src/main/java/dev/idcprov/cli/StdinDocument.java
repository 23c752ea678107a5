package dev.idcprov.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.TrackedRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON document {@code wait -} reads (what {@code provision --output json} prints), checked field by field
 * before any AWS call: every field read must have its JSON type and its AWS pattern (RequestId, account id,
 * permission set ARN, instant), or the command exits 2 naming the field. Messages never carry the JSON library's
 * own wording, and echo at most {@link #MAX_ECHO} characters of a bad value.
 */
final class StdinDocument {
  /** The most characters of a bad value a message repeats. */
  static final int MAX_ECHO = 80;

  private static final String WHAT = "stdin is not the JSON document of 'provision --output json' (an object with a"
      + " \"requests\" array of objects with \"requestId\")";
  private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+)");

  /**
   * What was read: the instance, region and endpoint, where the document names them, and the requests.
   *
   * @param instanceArn the instance, or null
   * @param region      the region of the run that wrote the document, or null
   * @param endpointUrl its endpoint override, or null
   * @param requests    the requests
   */
  record Read(String instanceArn, String region, String endpointUrl, List<TrackedRequest> requests) {
  }

  /** A field that does not hold what it must; the command turns it into exit 2. */
  static final class BadField extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadField(String message) {
      super(message, null, false, false);
    }
  }

  private StdinDocument() {
  }

  /**
   * @param text the document
   * @return what it holds
   * @throws BadField if it is not valid JSON, or a field has the wrong type or pattern
   */
  static Read parse(String text) {
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      Matcher m = WHERE.matcher(String.valueOf(e.getMessage()));
      throw new BadField(WHAT + ": it is not valid JSON" + (m.find() ? " (at line " + m.group(1) + ", column "
          + m.group(2) + ")" : ""));
    }
    if (!root.isJsonObject()) {
      throw new BadField(WHAT + ": the document is " + kind(root) + ", not an object");
    }
    JsonObject doc = root.getAsJsonObject();
    JsonElement requests = doc.get("requests");
    if (requests == null || !requests.isJsonArray()) {
      throw new BadField(WHAT + ": the \"requests\" array is " + (requests == null ? "missing" : kind(requests)));
    }
    String instance = optionalString(doc, "instanceArn", "instanceArn");
    if (instance != null) {
      check("instanceArn", instance, () -> AwsIds.requireInstanceArn("instanceArn", instance));
    }
    List<TrackedRequest> list = new ArrayList<>();
    JsonArray array = requests.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      String at = "requests[" + i + "]";
      if (!array.get(i).isJsonObject()) {
        throw new BadField("stdin " + at + " is " + kind(array.get(i)) + ": expected an object with \"requestId\"");
      }
      JsonObject r = array.get(i).getAsJsonObject();
      String id = optionalString(r, "requestId", at + ".requestId");
      if (id == null) {
        throw new BadField("stdin " + at + ".requestId is missing: expected a provisioning RequestId");
      }
      check(at + ".requestId", id, () -> AwsIds.requireRequestId("stdin " + at + ".requestId", id));
      String account = optionalString(r, "accountId", at + ".accountId");
      if (account != null) {
        check(at + ".accountId", account, () -> AwsIds.requireAccountId("stdin " + at + ".accountId", account));
      }
      String ps = optionalString(r, "permissionSetArn", at + ".permissionSetArn");
      if (ps != null) {
        check(at + ".permissionSetArn", ps,
            () -> AwsIds.requirePermissionSetArn("stdin " + at + ".permissionSetArn", ps));
      }
      String created = optionalString(r, "createdDate", at + ".createdDate");
      Instant createdAt = null;
      if (created != null) {
        try {
          createdAt = Instant.parse(created);
        } catch (DateTimeParseException e) {
          throw new BadField("stdin " + at + ".createdDate " + echo(created) + " is not an instant: expected an"
              + " ISO-8601 UTC time such as 2026-01-02T03:04:05Z");
        }
      }
      list.add(new TrackedRequest(id, account, ps, createdAt));
    }
    return new Read(instance, optionalString(doc, "region", "region"),
        optionalString(doc, "endpointUrl", "endpointUrl"), list);
  }

  /** A member that must be a JSON string when present; null when absent or JSON null. */
  private static String optionalString(JsonObject o, String member, String field) {
    JsonElement e = o.get(member);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new BadField("stdin " + field + " is " + kind(e) + ": expected a JSON string");
    }
    return e.getAsString();
  }

  private static void check(String field, String value, Runnable check) {
    if (value.length() > MAX_ECHO) {
      try {
        check.run();
      } catch (IllegalArgumentException e) {
        throw new BadField("stdin " + field + " is not valid: got " + echo(value));
      }
      return;
    }
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      throw new BadField(e.getMessage());
    }
  }

  /** A value as a message may repeat it: quoted, cut after {@link #MAX_ECHO} characters. */
  static String echo(String value) {
    return value.length() <= MAX_ECHO ? "'" + value + "'"
        : "'" + value.substring(0, MAX_ECHO) + "...' (" + value.length() + " characters)";
  }

  private static String kind(JsonElement e) {
    if (e.isJsonNull()) {
      return "null";
    }
    if (e.isJsonArray()) {
      return "an array";
    }
    if (e.isJsonObject()) {
      return "an object";
    }
    return e.getAsJsonPrimitive().isString() ? "a string" : e.getAsJsonPrimitive().isNumber() ? "a number"
        : "a boolean";
  }
}
