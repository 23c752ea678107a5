package dev.idcprov.cli;

import java.util.Map;
import java.util.Objects;

/**
 * The process environment the command line reads (the AWS CLI's variables: {@code AWS_REGION},
 * {@code AWS_DEFAULT_REGION}, {@code AWS_PROFILE}, {@code AWS_DEFAULT_PROFILE}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_SSO_ADMIN}, {@code AWS_DEFAULT_OUTPUT}, {@code AWS_CA_BUNDLE}, and the proxy variables).
 * Given to the commands rather than read from {@link System#getenv()} so that tests choose it.
 */
final class Environment {
  /** One variable that is set. */
  record Variable(String name, String value) {
  }

  private final Map<String, String> vars;

  Environment(Map<String, String> vars) {
    this.vars = Map.copyOf(Objects.requireNonNull(vars, "vars"));
  }

  /** @return the value of {@code name}, or null when unset or blank */
  String get(String name) {
    String v = vars.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** @return the first of {@code names} that is set, or null */
  Variable first(String... names) {
    for (String n : names) {
      String v = get(n);
      if (v != null) {
        return new Variable(n, v);
      }
    }
    return null;
  }

  /** @return every variable */
  Map<String, String> asMap() {
    return vars;
  }
}
