package dev.idcprov.waiter;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks of IAM Identity Center identifiers, run before any API call. Each check names the field, shows the bad
 * value (its first 100 characters) and says what is allowed. ARNs are parsed by {@link InstanceArn} and
 * {@link PermissionSetArn} (any partition the AWS SDK knows); account ids and RequestIds are checked against the
 * SSO Admin service model's patterns.
 *
 * <pre>{@code
 * String arn = AwsIds.requireInstanceArn("instanceArn", input);
 * }</pre>
 */
public final class AwsIds {
  /** AWS account id: 12 digits. */
  public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  /** Provisioning RequestId: a lower-case UUID, as the service model's pattern requires. */
  public static final Pattern REQUEST_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private AwsIds() {
  }

  /**
   * Checks an instance ARN, as {@link InstanceArn#parse(String, String)} does.
   *
   * @param field the input's name, used in the message
   * @param value the value
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if it is not an instance ARN
   */
  public static String requireInstanceArn(String field, String value) {
    return InstanceArn.parse(field, value).toString();
  }

  /**
   * Checks a permission set ARN, as {@link PermissionSetArn#parse(String, String)} does.
   *
   * @param field the input's name, used in the message
   * @param value the value
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if it is not a permission set ARN
   */
  public static String requirePermissionSetArn(String field, String value) {
    return PermissionSetArn.parse(field, value).toString();
  }

  /**
   * @param field the input's name, used in the message
   * @param value the value
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if it is not a 12-digit account id
   */
  public static String requireAccountId(String field, String value) {
    return require(field, value, ACCOUNT_ID, "a 12-digit AWS account id such as 123456789012");
  }

  /**
   * @param field the input's name, used in the message
   * @param value the value
   * @return the value
   * @throws NullPointerException     if null
   * @throws IllegalArgumentException if it is not a provisioning RequestId
   */
  public static String requireRequestId(String field, String value) {
    return require(field, value, REQUEST_ID,
        "a provisioning RequestId (lower-case UUID such as 3f1c2a9e-8b1d-4c6e-9f0a-1b2c3d4e5f60)");
  }

  /**
   * Checks a list is non-empty, has no null and no duplicate, and that each element passes {@code check}.
   *
   * @param field  the input's name, used in the message
   * @param values the values
   * @param check  the check of one element, given {@code field[i]} as its field name
   * @return an immutable copy
   * @throws NullPointerException     if the list or an element is null
   * @throws IllegalArgumentException if the list is empty, has a duplicate or a bad element
   */
  public static List<String> requireDistinct(String field, Collection<String> values, ElementCheck check) {
    Objects.requireNonNull(values, field);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty: give at least one value");
    }
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (String v : values) {
      String name = field + "[" + i++ + "]";
      check.check(name, v);
      if (!seen.add(v)) {
        throw new IllegalArgumentException(name + " repeats '" + ArnSyntax.shown(v) + "': each value may appear once");
      }
    }
    return List.copyOf(values);
  }

  /** The check of one list element. */
  @FunctionalInterface
  public interface ElementCheck {
    /**
     * @param field the element's name, such as {@code accountIds[2]}
     * @param value the element
     * @return the element
     */
    String check(String field, String value);
  }

  private static String require(String field, String value, Pattern pattern, String allowed) {
    Objects.requireNonNull(value, () -> field + " must not be null: expected " + allowed);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " '" + ArnSyntax.shown(value) + "' is not valid: expected "
          + allowed);
    }
    return value;
  }
}
