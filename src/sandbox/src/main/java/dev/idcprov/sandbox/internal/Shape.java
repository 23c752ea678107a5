package dev.idcprov.sandbox.internal;

import java.util.regex.Pattern;

/**
 * A string constraint from the SSO Admin service model (min/max length and pattern).
 *
 * @param min shortest length
 * @param max longest length
 * @param pattern the model's pattern, matched against the whole value; null for none
 */
record Shape(int min, int max, Pattern pattern) {
  static final Shape INSTANCE_ARN = of(10, 1224, "arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
  static final Shape PERMISSION_SET_ARN = of(10, 1224,
      "arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}");
  static final Shape PERMISSION_SET_NAME = of(1, 32, "[\\w+=,.@-]+");
  static final Shape DESCRIPTION = of(1, 700, "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");
  static final Shape DURATION = of(1, 100,
      "(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");
  static final Shape RELAY_STATE = of(1, 240, "[a-zA-Z0-9&$@#\\\\/%?=~\\-_'\"|!:,.;*+\\[\\] (){}]+");
  static final Shape TAG_KEY = of(1, 128, "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");
  static final Shape TAG_VALUE = of(0, 256, "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");
  static final Shape POLICY_DOCUMENT = of(1, 32768, "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
  static final Shape MANAGED_POLICY_ARN = of(20, 2048,
      "arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy((/[A-Za-z0-9\\.,\\+@=_-]+)*)/([A-Za-z0-9\\.,\\+=@_-]+)");
  static final Shape MANAGED_POLICY_NAME = of(1, 128, "[\\w+=,.@-]+");
  static final Shape MANAGED_POLICY_PATH = of(1, 512, "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
  static final Shape ACCOUNT_ID = of(12, 12, "\\d{12}");
  static final Shape PRINCIPAL_ID = of(1, 47,
      "([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}");
  static final Shape UUID = of(36, 36,
      "\\b[0-9a-f]{8}\\b-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\\b[0-9a-f]{12}\\b");
  static final Shape TOKEN = of(0, 2048, "[-a-zA-Z0-9+=/_]*");
  static final Shape TAGGABLE_ARN = of(10, 2048,
      "arn:aws(-[a-z]{1,5}){0,3}:sso::((:instance/(sso)?ins-[a-zA-Z0-9-.]{16})"
          + "|(:permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16})"
          + "|(\\d{12}:application/(sso)?ins-[a-zA-Z0-9-.]{16}/apl-[a-zA-Z0-9]{16})"
          + "|(\\d{12}:trustedTokenIssuer/(sso)?ins-[a-zA-Z0-9-.]{16}/tti-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}"
          + "-[a-f0-9]{4}-[a-f0-9]{12}))");

  private static Shape of(int min, int max, String pattern) {
    return new Shape(min, max, Pattern.compile(pattern));
  }
}
