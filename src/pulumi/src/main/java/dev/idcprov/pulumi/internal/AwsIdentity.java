package dev.idcprov.pulumi.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who the component acts as, the way the pulumi-aws default provider would: region, profile or static keys, the
 * chain of roles to assume, the {@code ssoadmin} and {@code sts} endpoints, and the accounts it may act in. Used as
 * the key of the shared clients, so components with one identity share one client. {@link #toString()} never shows
 * the keys.
 *
 * @param region            the region, or null for the SDK's region chain
 * @param profile           the named profile, or null
 * @param accessKey         a static access key id, or null
 * @param secretKey         its secret, or null
 * @param token             a session token, or null
 * @param roles             the roles to assume in order (each hop signs with the previous hop's credentials)
 * @param ssoadminEndpoint  the SSO Admin endpoint override, or null
 * @param stsEndpoint       the STS endpoint override, or null
 * @param allowedAccountIds accounts the identity may act in; empty means any
 * @param forbiddenAccountIds accounts it must not act in
 * @param expectedAccountId the one account it must act in, or null
 * @param source            where the identity came from, for messages (e.g. "stack config aws:*")
 */
public record AwsIdentity(String region, String profile, String accessKey, String secretKey, String token,
                          List<RoleHop> roles, URI ssoadminEndpoint, URI stsEndpoint, List<String> allowedAccountIds,
                          List<String> forbiddenAccountIds, String expectedAccountId, String source) {
  /**
   * Copies the lists.
   *
   * @param region              see the record
   * @param profile             see the record
   * @param accessKey           see the record
   * @param secretKey           see the record
   * @param token               see the record
   * @param roles               see the record
   * @param ssoadminEndpoint    see the record
   * @param stsEndpoint         see the record
   * @param allowedAccountIds   see the record
   * @param forbiddenAccountIds see the record
   * @param expectedAccountId   see the record
   * @param source              see the record
   * @throws NullPointerException if a list or the source is null
   */
  public AwsIdentity {
    roles = List.copyOf(roles);
    allowedAccountIds = List.copyOf(allowedAccountIds);
    forbiddenAccountIds = List.copyOf(forbiddenAccountIds);
    Objects.requireNonNull(source, "source");
  }

  /**
   * One role to assume, with the settings pulumi-aws reads for it ({@code aws:assumeRole} in 6.x, each element of
   * {@code aws:assumeRoles} in 7.x).
   *
   * @param roleArn           the role
   * @param sessionName       the session name, or null for a generated one
   * @param externalId        the external id, or null
   * @param duration          the session duration, or null for the STS default (1 hour)
   * @param sourceIdentity    the source identity, or null
   * @param policy            a session policy (JSON), or null
   * @param policyArns        managed session policies
   * @param tags              session tags
   * @param transitiveTagKeys tag keys passed on to later sessions
   */
  public record RoleHop(String roleArn, String sessionName, String externalId, Duration duration,
                        String sourceIdentity, String policy, List<String> policyArns, Map<String, String> tags,
                        List<String> transitiveTagKeys) {
    /**
     * Copies the collections.
     *
     * @param roleArn           see the record
     * @param sessionName       see the record
     * @param externalId        see the record
     * @param duration          see the record
     * @param sourceIdentity    see the record
     * @param policy            see the record
     * @param policyArns        see the record
     * @param tags              see the record
     * @param transitiveTagKeys see the record
     * @throws NullPointerException if roleArn or a collection is null
     */
    public RoleHop {
      Objects.requireNonNull(roleArn, "roleArn");
      policyArns = List.copyOf(policyArns);
      tags = Map.copyOf(tags);
      transitiveTagKeys = List.copyOf(transitiveTagKeys);
    }

    /**
     * @param roleArn the role; every other setting unset
     * @return the hop
     */
    public static RoleHop of(String roleArn) {
      return new RoleHop(roleArn, null, null, null, null, null, List.of(), Map.of(), List.of());
    }
  }

  /** @return how credentials are obtained, for messages: never the keys themselves */
  public String credentialsDescription() {
    String base = accessKey != null ? "static keys " + redact(accessKey)
        : profile != null ? "profile '" + profile + "'" : "the AWS SDK's default credential chain";
    if (roles.isEmpty()) {
      return base;
    }
    StringBuilder sb = new StringBuilder(base);
    roles.forEach(r -> sb.append(" -> assume ").append(r.roleArn()));
    return sb.toString();
  }

  /**
   * @param accessKeyId an access key id
   * @return its first four characters and a mask; enough to tell keys apart, never enough to use one
   */
  public static String redact(String accessKeyId) {
    return accessKeyId == null ? "null" : accessKeyId.substring(0, Math.min(4, accessKeyId.length())) + "****";
  }

  @Override
  public String toString() {
    return "AwsIdentity{" + source + ": " + credentialsDescription() + ", region=" + region + ", ssoadmin="
        + ssoadminEndpoint + ", sts=" + stsEndpoint + '}';
  }
}
