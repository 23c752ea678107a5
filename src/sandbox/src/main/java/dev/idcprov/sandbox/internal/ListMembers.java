package dev.idcprov.sandbox.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The one rule for a list member of an answer: an empty list is answered as {@code []}, except in the cases where AWS
 * is known to leave the member out, listed in {@link #OMITTED_WHEN_EMPTY}. Known case:
 * {@code ListPermissionSetsProvisionedToAccount} without {@code PermissionSets} when nothing is provisioned to the
 * account (reported by code that indexed the member and crashed: PeterBengtson/AFT-SSO-account-configuration#1,
 * aws-samples/iam-identity-center-team#12). Applied by the {@link Dispatcher} to every answer, so no handler decides it.
 */
final class ListMembers {
  /** operation -> the list member AWS leaves out of its answer when the list is empty. */
  static final Map<String, String> OMITTED_WHEN_EMPTY = Map.of(
      "ListPermissionSetsProvisionedToAccount", "PermissionSets");

  private ListMembers() {}

  /** @return {@code answer}, without the operation's list member when AWS leaves it out and it is empty */
  static JsonObject apply(String operation, JsonObject answer) {
    String member = OMITTED_WHEN_EMPTY.get(operation);
    if (member != null) {
      JsonElement list = answer.get(member);
      if (list != null && list.isJsonArray() && list.getAsJsonArray().isEmpty()) {
        answer.remove(member);
      }
    }
    return answer;
  }
}
