package dev.idcprov.waiter;

import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.arns.ArnResource;

/**
 * The ARN of an AWS managed IAM policy, {@code arn:PARTITION:iam::aws:policy/PATH/NAME}, as
 * {@code AttachManagedPolicyToPermissionSet} takes it, parsed with the AWS SDK's {@link Arn}: any partition the SDK
 * knows, as for {@link InstanceArn}. Customer managed policies are not attached by ARN (IAM Identity Center takes
 * their name and path, {@code AttachCustomerManagedPolicyReferenceToPermissionSet}), so an ARN naming an account
 * is rejected. Immutable; equal when the ARNs are equal.
 *
 * <pre>{@code
 * ManagedPolicyArn policy =
 *     ManagedPolicyArn.parse("managedPolicyArn", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess");
 * policy.name();   // "ViewOnlyAccess"
 * policy.path();   // "/job-function/"
 * }</pre>
 */
public final class ManagedPolicyArn {
  /** An example, as shown in messages. */
  public static final String EXAMPLE = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  static final String ALLOWED = "an AWS managed policy ARN such as " + EXAMPLE;
  /** IAM's patterns: path segments of printable ASCII but '/', then the policy name. */
  private static final Pattern PATH_AND_NAME = Pattern.compile("([\\x21-\\x2E\\x30-\\x7E]+/)*[\\w+=,.@-]+");

  private final String arn;
  private final String partition;
  private final String path;
  private final String name;

  private ManagedPolicyArn(String arn, String partition, String path, String name) {
    this.arn = arn;
    this.partition = partition;
    this.path = path;
    this.name = name;
  }

  /**
   * Parses an AWS managed policy ARN. A message names {@code field}, shows the value (its first 100 characters)
   * and says what is wrong and what is allowed.
   *
   * @param field the input's name, used in the message
   * @param value the ARN
   * @return the parsed ARN
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not an ARN, names a partition unknown to the AWS SDK, is not the
   *                                  {@code iam} ARN of a policy of account {@code aws}, or its path or name has a
   *                                  character IAM does not allow
   */
  public static ManagedPolicyArn parse(String field, String value) {
    Arn arn = ArnSyntax.parse(field, value, ALLOWED);
    if (arn.service().equals("iam") && arn.accountId().filter(a -> !a.equals("aws")).isPresent()) {
      throw ArnSyntax.invalid(field, value, "it names account '" + ArnSyntax.shown(arn.accountId().get())
          + "': a customer managed policy is attached by name and path, not by ARN", ALLOWED);
    }
    ArnSyntax.requireScope(field, value, arn, "iam", "aws", ALLOWED);
    ArnResource r = arn.resource();
    // the SDK splits the resource at its first two separators ('/' or ':'); IAM writes policy/PATH/NAME with '/'
    String pathAndName = r.resource() + r.qualifier().map(q -> "/" + q).orElse("");
    if (!r.resourceType().equals(Optional.of("policy")) || !arn.resourceAsString().equals("policy/" + pathAndName)
        || !PATH_AND_NAME.matcher(pathAndName).matches()) {
      throw ArnSyntax.invalid(field, value, "its resource '" + ArnSyntax.shown(arn.resourceAsString())
          + "' is not policy/NAME or policy/PATH/NAME (a name of letters, digits and +=,.@_-)", ALLOWED);
    }
    int slash = pathAndName.lastIndexOf('/');
    return new ManagedPolicyArn(value, arn.partition(), "/" + pathAndName.substring(0, slash + 1),
        pathAndName.substring(slash + 1));
  }

  /** @return the partition, such as {@code aws} or {@code aws-us-gov} */
  public String partition() {
    return partition;
  }

  /** @return the IAM path, {@code /} or such as {@code /job-function/} */
  public String path() {
    return path;
  }

  /** @return the policy name, such as {@code ReadOnlyAccess} */
  public String name() {
    return name;
  }

  /** @return the ARN as given */
  @Override
  public String toString() {
    return arn;
  }

  /**
   * @param o another object
   * @return true when {@code o} is a managed policy ARN with the same text
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof ManagedPolicyArn other && arn.equals(other.arn);
  }

  @Override
  public int hashCode() {
    return arn.hashCode();
  }
}
