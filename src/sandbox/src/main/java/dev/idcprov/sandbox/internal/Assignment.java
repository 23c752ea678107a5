package dev.idcprov.sandbox.internal;

/** One account assignment (a principal given a permission set in an account) and when it existed. */
final class Assignment {
  final String accountId;
  final String permissionSetArn;
  final String principalType;
  final String principalId;
  final long seq;
  final Timeline<Boolean> present = new Timeline<>();

  Assignment(String accountId, String psArn, String principalType, String principalId, long seq) {
    this.accountId = accountId;
    this.permissionSetArn = psArn;
    this.principalType = principalType;
    this.principalId = principalId;
    this.seq = seq;
  }

  /** @return the key of the assignment of {@code psArn} to the principal in {@code account} */
  static String key(String account, String psArn, String principalType, String principalId) {
    return account + "|" + psArn + "|" + principalType + "|" + principalId;
  }

  boolean presentNow() {
    return Boolean.TRUE.equals(present.now());
  }
}
