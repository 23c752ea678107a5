package dev.idcprov.waiter;

import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;

/**
 * An IAM Identity Center instance ARN, {@code arn:PARTITION:sso:::instance/INSTANCE_ID}, parsed with the AWS SDK's
 * {@link Arn}. Any partition the SDK's partition metadata knows is accepted (aws, aws-cn, aws-us-gov, the aws-iso
 * family, aws-eusc, and whatever later SDK versions add); the instance id must match the SSO Admin service model's
 * pattern, {@code (sso)?ins-} and 16 letters, digits, '-' or '.'. Immutable; equal when the ARNs are equal.
 *
 * <pre>{@code
 * InstanceArn instance = InstanceArn.parse("instanceArn", input);
 * instance.instanceId();   // "ssoins-0123456789abcdef"
 * }</pre>
 */
public final class InstanceArn {
  /** An example, as shown in messages. */
  public static final String EXAMPLE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";

  static final String ALLOWED = "an IAM Identity Center instance ARN such as " + EXAMPLE;
  /** Instance id pattern of the SSO Admin service model. */
  static final Pattern INSTANCE_ID = Pattern.compile("(sso)?ins-[a-zA-Z0-9-.]{16}");
  static final String INSTANCE_ID_RULE = "ssoins- or ins- and then 16 letters, digits, '-' or '.'";

  private final String arn;
  private final String partition;
  private final String instanceId;

  private InstanceArn(String arn, String partition, String instanceId) {
    this.arn = arn;
    this.partition = partition;
    this.instanceId = instanceId;
  }

  /**
   * Parses an instance ARN named {@code instanceArn} in messages.
   *
   * @param value the ARN
   * @return the parsed ARN
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not an instance ARN
   * @see #parse(String, String)
   */
  public static InstanceArn parse(String value) {
    return parse("instanceArn", value);
  }

  /**
   * Parses an instance ARN. A message names {@code field}, shows the value (its first 100 characters) and says
   * what is wrong and what is allowed.
   *
   * @param field the input's name, used in the message
   * @param value the ARN
   * @return the parsed ARN
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not an ARN, names a partition unknown to the AWS SDK, is not an
   *                                  {@code sso} ARN of an instance, or the instance id does not match the
   *                                  service model's pattern
   */
  public static InstanceArn parse(String field, String value) {
    Arn arn = ArnSyntax.ssoArn(field, value, "instance", false, "instance/INSTANCE_ID", ALLOWED);
    String id = requireInstanceId(field, value, arn.resource().resource(), ALLOWED);
    InstanceArn parsed = of(arn.partition(), id);
    if (!parsed.arn.equals(value)) {
      // the SDK also reads ':' as the resource separator; the service accepts only the canonical form
      throw ArnSyntax.invalid(field, value, "it is not written as " + parsed, ALLOWED);
    }
    return parsed;
  }

  /**
   * Parses leniently, for display.
   *
   * @param value an ARN, or null
   * @return the instance ARN, or empty when {@code value} is null or not an instance ARN
   */
  public static Optional<InstanceArn> tryParse(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(parse(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The ARN of a checked instance id in a known partition. */
  static InstanceArn of(String partition, String instanceId) {
    String arn = Arn.builder().partition(partition).service("sso")
        .resource("instance/" + instanceId).build().toString();
    return new InstanceArn(arn, partition, instanceId);
  }

  static String requireInstanceId(String field, String value, String id, String allowed) {
    if (!INSTANCE_ID.matcher(id).matches()) {
      throw ArnSyntax.invalid(field, value, "instance id '" + ArnSyntax.shown(id) + "' is not " + INSTANCE_ID_RULE,
          allowed);
    }
    return id;
  }

  /** @return the partition, such as {@code aws} or {@code aws-us-gov} */
  public String partition() {
    return partition;
  }

  /** @return the instance id, such as {@code ssoins-0123456789abcdef} */
  public String instanceId() {
    return instanceId;
  }

  /** @return the ARN as given */
  @Override
  public String toString() {
    return arn;
  }

  /**
   * @param o another object
   * @return true when {@code o} is an instance ARN with the same text
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof InstanceArn other && arn.equals(other.arn);
  }

  @Override
  public int hashCode() {
    return arn.hashCode();
  }
}
