package dev.idcprov.sandbox.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks AWS applies to a permission set's inline policy: at most 10,240 non-whitespace characters (the IAM
 * Identity Center quotas page; the model's 32,768 is the length with whitespace), and an IAM identity-based policy
 * document (the grammar of the IAM JSON policy reference: Version, Id, Statement; each statement an Effect, an Action
 * or NotAction, a Resource or NotResource, no Principal). The problem wording is IAM's MalformedPolicyDocument wording;
 * the ValidationException around it is this sandbox's.
 */
final class PolicyDocuments {
  /** Non-whitespace characters an inline policy may hold. */
  static final int MAX_NON_WHITESPACE = 10_240;

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
      "NotResource", "Condition", "Principal", "NotPrincipal");

  private PolicyDocuments() {}

  /** @throws AwsError ValidationException naming the problem when the policy is too large or not an IAM policy */
  static void checkInline(String policy) {
    int size = nonWhitespace(policy);
    if (size > MAX_NON_WHITESPACE) {
      throw AwsError.validation("The inline policy has " + size + " non-whitespace characters; the maximum size of "
          + "an inline policy is " + MAX_NON_WHITESPACE + " non-whitespace characters.");
    }
    String problem = problem(policy);
    if (problem != null) {
      throw AwsError.validation("The inline policy is not a valid IAM policy document: " + problem);
    }
  }

  static int nonWhitespace(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /** @return IAM's wording of what makes {@code policy} not an identity-based policy, null when it is one */
  static String problem(String policy) {
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(policy);
    } catch (JsonParseException e) {
      return "Syntax errors in policy.";
    }
    if (!parsed.isJsonObject()) {
      return "Syntax errors in policy.";
    }
    JsonObject doc = parsed.getAsJsonObject();
    for (String key : doc.keySet()) {
      if (!TOP_LEVEL.contains(key)) {
        return "Syntax errors in policy.";
      }
    }
    JsonElement version = doc.get("Version");
    if (version != null && !(version.isJsonPrimitive()
        && (version.getAsString().equals("2012-10-17") || version.getAsString().equals("2008-10-17")))) {
      return "The policy failed legacy parsing";
    }
    JsonElement statement = doc.get("Statement");
    if (statement == null) {
      return "Missing required field Statement";
    }
    List<JsonElement> statements = new ArrayList<>();
    if (statement.isJsonArray()) {
      statement.getAsJsonArray().forEach(statements::add);
    } else {
      statements.add(statement);
    }
    if (statements.isEmpty()) {
      return "Missing required field Statement";
    }
    for (JsonElement e : statements) {
      String p = statementProblem(e);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static String statementProblem(JsonElement e) {
    if (!e.isJsonObject()) {
      return "Syntax errors in policy.";
    }
    JsonObject s = e.getAsJsonObject();
    for (String key : s.keySet()) {
      if (!STATEMENT.contains(key)) {
        return "Syntax errors in policy.";
      }
    }
    if (s.has("Principal") || s.has("NotPrincipal")) {
      return "Policy document should not specify a principal.";
    }
    JsonElement effect = s.get("Effect");
    if (effect == null) {
      return "Missing required field Effect";
    }
    if (!effect.isJsonPrimitive() || !(effect.getAsString().equals("Allow") || effect.getAsString().equals("Deny"))) {
      return "Invalid effect: " + effect;
    }
    if (!s.has("Action") && !s.has("NotAction")) {
      return "Policy statement must contain actions.";
    }
    if (!s.has("Resource") && !s.has("NotResource")) {
      return "Policy statement must contain resources.";
    }
    return null;
  }
}
