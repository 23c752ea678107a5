package dev.idcprov.waiter;

import java.util.Locale;

/** Turns an AWS provisioning {@code FailureReason} into the next thing a person should check. */
final class FailureHints {
  private FailureHints() {
  }

  static String hintFor(String failureReason) {
    String r = failureReason == null ? "" : failureReason.toLowerCase(Locale.ROOT);
    if (r.contains("customer managed policy") || r.contains("permissions boundary") || r.contains("policy")
        && r.contains("does not exist")) {
      return "create the referenced IAM policy (same name and path) in that account, then provision again";
    }
    if (r.contains("suspended") || r.contains("not an active member") || r.contains("obtaining permissions")
        || r.contains("closed")) {
      return "the account must be an ACTIVE member of the organization; remove it from the targets or reactivate it";
    }
    if (r.contains("quota") || r.contains("limit")) {
      return "an IAM or IAM Identity Center quota was reached in that account; see the reason above";
    }
    return "the reason above, the permission set's policies, and the account in the IAM Identity Center console";
  }
}
