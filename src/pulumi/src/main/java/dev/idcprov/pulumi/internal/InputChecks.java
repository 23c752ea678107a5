package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.AwsClientSettings;
import dev.idcprov.waiter.AwsIds;
import dev.idcprov.waiter.InstanceArn;
import dev.idcprov.waiter.PermissionSetArn;
import dev.idcprov.waiter.RequestBudget;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/** Checks of the component's inputs; each message names the input, the bad value and what is allowed. */
public final class InputChecks {
  /** Longest deadline accepted: 24 hours. */
  public static final int MAX_TIMEOUT_SECONDS = 86_400;
  /** Longest poll interval accepted. */
  public static final int MAX_POLL_INTERVAL_SECONDS = 60;
  /** The SSO Admin quota of an account: 20 calls per second, not adjustable. */
  public static final double MAX_REQUESTS_PER_SECOND = 20.0;
  /** The lowest call rate accepted, the library's floor: below it the gap between calls overflows. */
  public static final double MIN_REQUESTS_PER_SECOND = RequestBudget.MIN_REQUESTS_PER_SECOND;

  private InputChecks() {
  }

  /**
   * @param value the input
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if not an instance ARN
   */
  public static String instanceArn(String value) {
    return AwsIds.requireInstanceArn("instanceArn", value);
  }

  /**
   * @param values the input
   * @return an immutable copy
   * @throws NullPointerException     if null or an element is null
   * @throws IllegalArgumentException if empty, repeated or not permission set ARNs
   */
  public static List<String> permissionSetArns(List<String> values) {
    Objects.requireNonNull(values, "permissionSetArns must not be null: give at least one permission set ARN");
    return AwsIds.requireDistinct("permissionSetArns", values, AwsIds::requirePermissionSetArn);
  }

  /**
   * Refuses a permission set of another instance (or partition) than {@code instanceArn}: AWS would refuse the
   * provisioning call, after the component had already read the plan.
   *
   * @param instanceArn       a checked instance ARN
   * @param permissionSetArns checked permission set ARNs
   * @throws IllegalArgumentException naming the first permission set of another instance
   */
  public static void sameInstance(String instanceArn, List<String> permissionSetArns) {
    InstanceArn instance = InstanceArn.parse("instanceArn", instanceArn);
    for (int i = 0; i < permissionSetArns.size(); i++) {
      PermissionSetArn set = PermissionSetArn.parse("permissionSetArns[" + i + "]", permissionSetArns.get(i));
      if (!set.belongsTo(instance)) {
        throw new IllegalArgumentException("permissionSetArns[" + i + "] '" + set + "' belongs to instance "
            + set.instanceId() + " (partition " + set.partition() + "), not to instanceArn '" + instance
            + "': give only permission sets of that instance (arn:" + instance.partition() + ":sso:::permissionSet/"
            + instance.instanceId() + "/ps-...), or the instanceArn they belong to");
      }
    }
  }

  /**
   * @param values the input
   * @return an immutable copy
   * @throws NullPointerException     if null or an element is null
   * @throws IllegalArgumentException if empty, repeated or not 12-digit ids
   */
  public static List<String> accountIds(List<String> values) {
    Objects.requireNonNull(values, "accountIds must not be null: give 12-digit account ids");
    return AwsIds.requireDistinct("accountIds", values, AwsIds::requireAccountId);
  }

  /**
   * @param value the input
   * @return the value
   * @throws IllegalArgumentException if outside 1 to {@link #MAX_TIMEOUT_SECONDS}
   */
  public static int timeoutSeconds(int value) {
    if (value < 1 || value > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException("timeoutSeconds must be between 1 and " + MAX_TIMEOUT_SECONDS
          + " (24 hours), got " + value);
    }
    return value;
  }

  /**
   * @param value the input
   * @return the value
   * @throws IllegalArgumentException if outside 1 to {@link #MAX_POLL_INTERVAL_SECONDS}
   */
  public static int pollIntervalSeconds(int value) {
    if (value < 1 || value > MAX_POLL_INTERVAL_SECONDS) {
      throw new IllegalArgumentException("pollIntervalSeconds must be between 1 and " + MAX_POLL_INTERVAL_SECONDS
          + ", got " + value);
    }
    return value;
  }

  /**
   * @param value the input
   * @return the value
   * @throws IllegalArgumentException if not a number from {@link #MIN_REQUESTS_PER_SECOND} to
   *                                  {@link #MAX_REQUESTS_PER_SECOND} (NaN and infinities included)
   */
  public static double maxRequestsPerSecond(double value) {
    if (!(value >= MIN_REQUESTS_PER_SECOND && value <= MAX_REQUESTS_PER_SECOND)) {
      throw new IllegalArgumentException("maxRequestsPerSecond must be between " + MIN_REQUESTS_PER_SECOND
          + " (one call every 1000 s) and " + MAX_REQUESTS_PER_SECOND + " (the SSO Admin quota per account), got "
          + value);
    }
    return value;
  }

  /**
   * @param value the input
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if not a region name
   */
  public static String region(String value) {
    Objects.requireNonNull(value, "region must not be null: give a region such as eu-west-1, or leave it unset");
    named("region", () -> AwsClientSettings.builder().region(value));
    return value;
  }

  /**
   * @param value the input
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if blank
   */
  public static String profile(String value) {
    Objects.requireNonNull(value, "profile must not be null: give a profile name, or leave it unset");
    named("profile", () -> AwsClientSettings.builder().profile(value));
    return value;
  }

  /**
   * @param value the input
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if not an absolute http(s) URL
   */
  public static String endpoint(String value) {
    Objects.requireNonNull(value, "endpoint must not be null: give an http(s) URL, or leave it unset");
    named("endpoint", () -> AwsClientSettings.builder().endpoint(toUri(value)));
    return value;
  }

  /**
   * @param value an endpoint input already checked by {@link #endpoint(String)}
   * @return it as a URI
   * @throws IllegalArgumentException if not a URI
   */
  public static URI toUri(String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("endpoint '" + value
          + "' is not valid: expected an absolute http or https URL such as http://127.0.0.1:4566", e);
    }
  }

  /**
   * @param field the input's name
   * @param value the input
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if not a 12-digit account id
   */
  public static String accountId(String field, String value) {
    Objects.requireNonNull(value, field + " must not be null: give a 12-digit account id, or leave it unset");
    return AwsIds.requireAccountId(field, value);
  }

  /**
   * @param value the input
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if not an IAM role ARN
   */
  public static String roleArn(String value) {
    Objects.requireNonNull(value, "assumeRoleArn must not be null: give a role ARN, or leave it unset");
    if (!value.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
      throw new IllegalArgumentException("assumeRoleArn is '" + value + "': expected a role ARN such as "
          + "arn:aws:iam::111111111111:role/IdentityCenterAdmin");
    }
    return value;
  }

  private static void named(String field, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new IllegalArgumentException(msg != null && msg.startsWith(field) ? msg : field + ": " + msg, e);
    }
  }
}
