package dev.idcprov.waiter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.arns.ArnResource;
import software.amazon.awssdk.regions.GeneratedPartitionMetadataProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.PartitionMetadataProvider;
import software.amazon.awssdk.regions.Region;

/** What the ARN types share: the SDK's parse, the partition check against the SDK's metadata, and the messages. */
final class ArnSyntax {
  /** Characters of a bad value shown in a message; the rest is counted, not shown. */
  static final int SHOWN_CHARS = 100;

  // The SDK's generated provider itself: PartitionMetadata.of goes through MetadataLoader, whose first use also
  // builds the region and service metadata providers (about 0.2 s more in SDK 2.54), paid on every CLI run.
  private static final PartitionMetadataProvider PARTITIONS = new GeneratedPartitionMetadataProvider();

  private ArnSyntax() {
  }

  /**
   * Parses with {@link Arn#fromString} and checks the partition is one the SDK knows.
   *
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not an ARN, or names a partition unknown to the SDK
   */
  static Arn parse(String field, String value, String allowed) {
    Objects.requireNonNull(value, () -> field + " must not be null: expected " + allowed);
    Arn arn;
    try {
      arn = Arn.fromString(value);
    } catch (IllegalArgumentException e) {
      // Arn.tryFromString throws too for some inputs (an empty partition), so catch rather than use it
      throw invalid(field, value, "it is not an ARN (" + e.getMessage() + ")", allowed);
    }
    if (PARTITIONS.partitionMetadata(arn.partition()) == null) {
      throw invalid(field, value, "partition '" + shown(arn.partition()) + "' is none the AWS SDK knows ("
          + String.join(", ", knownPartitions()) + ")", allowed);
    }
    return arn;
  }

  /**
   * Parses an IAM Identity Center ARN ({@code sso} service, no region, no account) whose resource is
   * {@code type/ID} (or {@code type/ID/QUALIFIER} when {@code qualified}).
   *
   * @param form the resource's form as shown in messages, such as {@code instance/INSTANCE_ID}
   * @throws NullPointerException     if {@code value} is null
   * @throws IllegalArgumentException if it is not such an ARN
   */
  static Arn ssoArn(String field, String value, String type, boolean qualified, String form, String allowed) {
    Arn arn = parse(field, value, allowed);
    requireScope(field, value, arn, "sso", null, allowed);
    ArnResource r = arn.resource();
    if (!r.resourceType().equals(Optional.of(type)) || r.qualifier().isPresent() != qualified) {
      throw invalid(field, value, "its resource '" + shown(arn.resourceAsString()) + "' is not " + form, allowed);
    }
    return arn;
  }

  /** Checks the service, and that there is no region and (when {@code account} is null) no account. */
  static void requireScope(String field, String value, Arn arn, String service, String account, String allowed) {
    if (!arn.service().equals(service)) {
      throw invalid(field, value, "its service is '" + shown(arn.service()) + "', not '" + service + "'", allowed);
    }
    if (arn.region().isPresent()) {
      throw invalid(field, value, "it names region '" + shown(arn.region().get()) + "'; " + service
          + " ARNs of this kind name none", allowed);
    }
    Optional<String> actual = arn.accountId();
    if (!actual.equals(Optional.ofNullable(account))) {
      throw invalid(field, value, actual.map(a -> "it names account '" + shown(a) + "'").orElse("it names no account")
          + (account == null ? "; " + service + " ARNs of this kind name none" : ", not '" + account + "'"),
          allowed);
    }
  }

  /** The message every check gives: the field, the value (truncated), what is wrong and what is allowed. */
  static IllegalArgumentException invalid(String field, String value, String reason, String allowed) {
    return new IllegalArgumentException(field + " '" + shown(value) + "' is not valid: " + reason + "; expected "
        + allowed);
  }

  /** A value as shown in a message: at most {@link #SHOWN_CHARS} characters, then how many more there were. */
  static String shown(String value) {
    return value.length() <= SHOWN_CHARS ? value
        : value.substring(0, SHOWN_CHARS) + "... (" + (value.length() - SHOWN_CHARS) + " more characters)";
  }

  /** The partitions of the regions the SDK knows, sorted; only needed for messages, so computed on demand. */
  static List<String> knownPartitions() {
    return Region.regions().stream().map(PARTITIONS::partitionMetadata).filter(Objects::nonNull)
        .map(PartitionMetadata::id).distinct().sorted().toList();
  }
}
