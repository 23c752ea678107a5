package dev.idcprov.sandbox.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;

/** A request body with typed, model-validated accessors; violations become AWS ValidationExceptions. */
final class Req {
  static final int DEFAULT_MAX_RESULTS = 100;

  private final String operation;
  private final JsonObject body;

  Req(String operation, JsonObject body) {
    this.operation = operation;
    this.body = body;
  }

  String operation() {
    return operation;
  }

  JsonObject body() {
    return body;
  }

  String str(String member, Shape shape, boolean required) {
    return str(body, member, member, shape, required);
  }

  static String str(JsonObject o, String member, String path, Shape shape, boolean required) {
    JsonElement e = o.get(member);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw invalid("null", path, "Member must not be null");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw AwsError.serialization("Expected a string for " + member);
    }
    String v = e.getAsString();
    if (v.length() < shape.min()) {
      throw invalid("'" + v + "'", path, "Member must have length greater than or equal to " + shape.min());
    }
    if (v.length() > shape.max()) {
      throw invalid("'" + abbreviate(v) + "'", path, "Member must have length less than or equal to " + shape.max());
    }
    if (shape.pattern() != null && !shape.pattern().matcher(v).matches()) {
      throw invalid("'" + abbreviate(v) + "'", path,
          "Member must satisfy regular expression pattern: " + shape.pattern().pattern());
    }
    return v;
  }

  String enumOf(String member, boolean required, String... allowed) {
    return enumOf(body, member, member, required, allowed);
  }

  static String enumOf(JsonObject o, String member, String path, boolean required, String... allowed) {
    JsonElement e = o.get(member);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw invalid("null", path, "Member must not be null");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw AwsError.serialization("Expected a string for " + member);
    }
    String v = e.getAsString();
    if (!Arrays.asList(allowed).contains(v)) {
      throw invalid("'" + v + "'", path, "Member must satisfy enum value set: " + Arrays.toString(allowed));
    }
    return v;
  }

  int maxResults() {
    JsonElement e = body.get("MaxResults");
    if (e == null || e.isJsonNull()) {
      return DEFAULT_MAX_RESULTS;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw AwsError.serialization("Expected a number for MaxResults");
    }
    double d = e.getAsDouble();
    if (d < 1) {
      throw invalid(e.toString(), "maxResults", "Member must have value greater than or equal to 1");
    }
    if (d > 100) {
      throw invalid(e.toString(), "maxResults", "Member must have value less than or equal to 100");
    }
    if (d != Math.rint(d)) {
      throw AwsError.serialization("Expected an integer for MaxResults");
    }
    return (int) d;
  }

  String nextToken() {
    return str("NextToken", Shape.TOKEN, false);
  }

  JsonObject obj(String member, boolean required) {
    JsonElement e = body.get(member);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw invalid("null", lower(member), "Member must not be null");
      }
      return null;
    }
    if (!e.isJsonObject()) {
      throw AwsError.serialization("Expected an object for " + member);
    }
    return e.getAsJsonObject();
  }

  JsonArray arr(String member, boolean required, int min, int max) {
    JsonElement e = body.get(member);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw invalid("null", lower(member), "Member must not be null");
      }
      return null;
    }
    if (!e.isJsonArray()) {
      throw AwsError.serialization("Expected a list for " + member);
    }
    JsonArray a = e.getAsJsonArray();
    if (a.size() < min) {
      throw invalid("[]", lower(member), "Member must have length greater than or equal to " + min);
    }
    if (a.size() > max) {
      throw invalid("list of " + a.size(), lower(member), "Member must have length less than or equal to " + max);
    }
    return a;
  }

  static AwsError invalid(String value, String path, String constraint) {
    return AwsError.validation("1 validation error detected: Value " + value + " at '" + lower(path)
        + "' failed to satisfy constraint: " + constraint);
  }

  private static String lower(String member) {
    if (member.isEmpty() || Character.isLowerCase(member.charAt(0))) {
      return member;
    }
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }

  private static String abbreviate(String v) {
    return v.length() <= 200 ? v : v.substring(0, 200) + "...";
  }
}
