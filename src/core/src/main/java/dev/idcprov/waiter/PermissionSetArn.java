package dev.idcprov.waiter;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.arns.ArnResource;

/**
 * A permission set ARN, {@code arn:PARTITION:sso:::permissionSet/INSTANCE_ID/PERMISSION_SET_ID}, parsed with the
 * AWS SDK's {@link Arn}: any partition the SDK knows, as for {@link InstanceArn}; the ids must match the SSO Admin
 * service model's patterns. A permission set belongs to the instance its ARN names, in the same partition.
 * Immutable; equal when the ARNs are equal.
 *
 * <pre>{@code
 * PermissionSetArn set = PermissionSetArn.parse("permissionSetArns[0]", input);
 * if (!set.belongsTo(instance)) { ... }
 * set.permissionSetId();   // "ps-0123456789abcdef"
 * }</pre>
 */
public final class PermissionSetArn {
  /** An example, as shown in messages. */
  public static final String EXAMPLE = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";

  static final String ALLOWED = "a permission set ARN such as " + EXAMPLE;
  /** Permission set id pattern of the SSO Admin service model (it allows '/'). */
  static final Pattern PERMISSION_SET_ID = Pattern.compile("ps-[a-zA-Z0-9-./]{16}");

  private final String arn;
  private final InstanceArn instance;
  private final String permissionSetId;

  private PermissionSetArn(String arn, InstanceArn instance, String permissionSetId) {
    this.arn = arn;
    this.instance = instance;
    this.permissionSetId = permissionSetId;
  }

  /**
   * Parses a permission set ARN named {@code permissionSetArn} in messages.
   *
   * @param value the ARN
   * @return the parsed ARN
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not a permission set ARN
   * @see #parse(String, String)
   */
  public static PermissionSetArn parse(String value) {
    return parse("permissionSetArn", value);
  }

  /**
   * Parses a permission set ARN. A message names {@code field}, shows the value (its first 100 characters) and
   * says what is wrong and what is allowed.
   *
   * @param field the input's name, used in the message
   * @param value the ARN
   * @return the parsed ARN
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not an ARN, names a partition unknown to the AWS SDK, is not an
   *                                  {@code sso} ARN of a permission set, or an id does not match the service
   *                                  model's pattern
   */
  public static PermissionSetArn parse(String field, String value) {
    Arn arn = ArnSyntax.ssoArn(field, value, "permissionSet", true, "permissionSet/INSTANCE_ID/PERMISSION_SET_ID",
        ALLOWED);
    ArnResource r = arn.resource();
    String instanceId = InstanceArn.requireInstanceId(field, value, r.resource(), ALLOWED);
    String id = r.qualifier().get();
    if (!PERMISSION_SET_ID.matcher(id).matches()) {
      throw ArnSyntax.invalid(field, value, "permission set id '" + ArnSyntax.shown(id)
          + "' is not ps- and then 16 letters, digits, '-', '.' or '/'", ALLOWED);
    }
    String canonical = Arn.builder().partition(arn.partition()).service("sso")
        .resource("permissionSet/" + instanceId + "/" + id).build().toString();
    if (!canonical.equals(value)) {
      // the SDK also reads ':' as the resource separator; the service accepts only the canonical form
      throw ArnSyntax.invalid(field, value, "it is not written as " + canonical, ALLOWED);
    }
    return new PermissionSetArn(value, InstanceArn.of(arn.partition(), instanceId), id);
  }

  /**
   * Parses leniently, for display.
   *
   * @param value an ARN, or null
   * @return the permission set ARN, or empty when {@code value} is null or not a permission set ARN
   */
  public static Optional<PermissionSetArn> tryParse(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(parse(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** @return the partition, such as {@code aws} or {@code aws-us-gov} */
  public String partition() {
    return instance.partition();
  }

  /** @return the id of the instance the set belongs to, such as {@code ssoins-0123456789abcdef} */
  public String instanceId() {
    return instance.instanceId();
  }

  /** @return the permission set id, such as {@code ps-0123456789abcdef} */
  public String permissionSetId() {
    return permissionSetId;
  }

  /** @return the ARN of the instance the set belongs to: same partition, same instance id */
  public InstanceArn instanceArn() {
    return instance;
  }

  /**
   * @param instance an instance
   * @return true when this set's ARN names that instance, in the same partition
   * @throws NullPointerException if {@code instance} is null
   */
  public boolean belongsTo(InstanceArn instance) {
    return this.instance.equals(Objects.requireNonNull(instance, "instance"));
  }

  /** @return the ARN as given */
  @Override
  public String toString() {
    return arn;
  }

  /**
   * @param o another object
   * @return true when {@code o} is a permission set ARN with the same text
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof PermissionSetArn other && arn.equals(other.arn);
  }

  @Override
  public int hashCode() {
    return arn.hashCode();
  }
}
