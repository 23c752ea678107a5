package dev.idcprov.pulumi.internal;

import dev.idcprov.provisioning.AwsClientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of one {@link AwsIdentity}: the credentials (static keys, a profile or the SDK's default chain,
 * then each role of the chain assumed with the AWS SDK's {@link StsAssumeRoleCredentialsProvider}, which also renews
 * the session before it expires), the SSO Admin client that signs with them, and the caller identity they resolve
 * to. Owns and closes every client it builds.
 */
public final class AwsSession implements AutoCloseable {
  private final AwsIdentity identity;
  private final List<SdkAutoCloseable> owned = new ArrayList<>();
  private final AwsCredentialsProvider credentials;
  private final StsClient sts;
  private final SsoAdminClient ssoAdmin;
  private CallerIdentity caller;

  /**
   * @param identity who to act as
   */
  public AwsSession(AwsIdentity identity) {
    this.identity = identity;
    try {
      AwsCredentialsProvider current = base(identity);
      int hop = 0;
      for (AwsIdentity.RoleHop role : identity.roles()) {
        StsClient hopSts = own(stsClient(identity, current));
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
            .roleArn(role.roleArn())
            .roleSessionName(role.sessionName() != null ? role.sessionName()
                : "idcprov-" + UUID.randomUUID().toString().substring(0, 8) + "-" + hop)
            .externalId(role.externalId())
            .sourceIdentity(role.sourceIdentity())
            .policy(role.policy());
        if (role.duration() != null) {
          request.durationSeconds((int) role.duration().toSeconds());
        }
        if (!role.policyArns().isEmpty()) {
          request.policyArns(role.policyArns().stream().map(a -> PolicyDescriptorType.builder().arn(a).build())
              .toList());
        }
        if (!role.tags().isEmpty()) {
          request.tags(role.tags().entrySet().stream()
              .map(e -> software.amazon.awssdk.services.sts.model.Tag.builder().key(e.getKey()).value(e.getValue())
                  .build()).toList());
        }
        if (!role.transitiveTagKeys().isEmpty()) {
          request.transitiveTagKeys(role.transitiveTagKeys());
        }
        current = own(StsAssumeRoleCredentialsProvider.builder().stsClient(hopSts).refreshRequest(request.build())
            .asyncCredentialUpdateEnabled(false).build());
        hop++;
      }
      this.credentials = current;
      this.sts = own(stsClient(identity, current));
      this.ssoAdmin = own(ssoAdminClient(identity, current));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** @return the identity */
  public AwsIdentity identity() {
    return identity;
  }

  /** @return the SSO Admin client; do not close it */
  public SsoAdminClient ssoAdmin() {
    return ssoAdmin;
  }

  /**
   * Asks STS who the credentials belong to ({@code sts:GetCallerIdentity}, which needs no permission), once per
   * session; assumes every role of the chain first.
   *
   * @return account and principal ARN
   * @throws SdkException when a role cannot be assumed or STS cannot be reached
   */
  public synchronized CallerIdentity callerIdentity() {
    if (caller == null) {
      GetCallerIdentityResponse r = sts.getCallerIdentity();
      caller = new CallerIdentity(r.account(), r.arn());
    }
    return caller;
  }

  /**
   * The resolved caller.
   *
   * @param accountId    the account
   * @param principalArn the principal (an assumed-role session, a user...)
   */
  public record CallerIdentity(String accountId, String principalArn) {
    @Override
    public String toString() {
      return "account " + accountId + " (" + principalArn + ")";
    }
  }

  private <T extends SdkAutoCloseable> T own(T closeable) {
    owned.add(closeable);
    return closeable;
  }

  private AwsCredentialsProvider base(AwsIdentity id) {
    if (id.accessKey() != null) {
      return StaticCredentialsProvider.create(id.token() != null
          ? AwsSessionCredentials.create(id.accessKey(), id.secretKey(), id.token())
          : AwsBasicCredentials.create(id.accessKey(), id.secretKey()));
    }
    if (id.profile() != null) {
      return own(ProfileCredentialsProvider.create(id.profile()));
    }
    return own(DefaultCredentialsProvider.builder().build());
  }

  private static StsClient stsClient(AwsIdentity id, AwsCredentialsProvider credentials) {
    StsClientBuilder b = StsClient.builder()
        .credentialsProvider(credentials)
        .httpClientBuilder(AwsClientSettings.httpClientBuilder())
        .overrideConfiguration(o -> {
          o.apiCallTimeout(AwsClientSettings.API_CALL_TIMEOUT);
          if (id.profile() != null) {
            o.defaultProfileName(id.profile());
          }
        });
    if (id.region() != null) {
      b.region(Region.of(id.region()));
    }
    if (id.stsEndpoint() != null) {
      b.endpointOverride(id.stsEndpoint());
    }
    return b.build();
  }

  // The core's client settings (AwsClientSettings: no SDK retries, its timeouts) with this identity's credentials.
  private static SsoAdminClient ssoAdminClient(AwsIdentity id, AwsCredentialsProvider credentials) {
    SsoAdminClientBuilder b = SsoAdminClient.builder()
        .credentialsProvider(credentials)
        .httpClientBuilder(AwsClientSettings.httpClientBuilder())
        .overrideConfiguration(o -> {
          AwsClientSettings.overrides(o);
          if (id.profile() != null) {
            o.defaultProfileName(id.profile());
          }
        });
    if (id.region() != null) {
      b.region(Region.of(id.region()));
    }
    if (id.ssoadminEndpoint() != null) {
      b.endpointOverride(id.ssoadminEndpoint());
    }
    return b.build();
  }

  /** Closes every client and credentials provider built here, last built first. */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (RuntimeException ignored) {
        // closing the rest matters more
      }
    }
    owned.clear();
  }
}
