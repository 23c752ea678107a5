package dev.idcprov.cli;

import dev.idcprov.waiter.AwsIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Checks of identifier options, with messages naming the option, the bad value and what is allowed. */
final class Inputs {
  private Inputs() {
  }

  static String instanceArn(CommandLine cmd, String value) {
    if (value == null) {
      throw new ParameterException(cmd, "--instance-arn is required: give the IAM Identity Center instance ARN,"
          + " such as arn:aws:sso:::instance/ssoins-0123456789abcdef (aws sso-admin list-instances shows it)");
    }
    return check(cmd, () -> AwsIds.requireInstanceArn("--instance-arn", value.trim()));
  }

  /** Checks each value with {@code check} and rejects a value given twice; trims blanks around commas. */
  static List<String> distinct(CommandLine cmd, String option, List<String> values, AwsIds.ElementCheck check,
                               String what) {
    Set<String> seen = new LinkedHashSet<>();
    for (String raw : values) {
      String v = raw.trim();
      check(cmd, () -> check.check(option, v));
      if (!seen.add(v)) {
        throw new ParameterException(cmd, option + " '" + v + "' is given twice: each " + what + " may appear once");
      }
    }
    return new ArrayList<>(seen);
  }

  private static String check(CommandLine cmd, java.util.function.Supplier<String> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ParameterException(cmd, e.getMessage());
    }
  }
}
