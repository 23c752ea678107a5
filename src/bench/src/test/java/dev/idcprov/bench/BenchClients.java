package dev.idcprov.bench;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;

/** Builds the real AWS SDK v2 SSO Admin clients the contenders use against the sandbox (endpoint override). */
final class BenchClients {
  /** SDK standard mode: base delay 100 ms, throttling base delay 1 s, backoff cap 20 s (DefaultRetryStrategy). */
  static final Duration SDK_BASE_DELAY = Duration.ofMillis(100);
  static final Duration SDK_THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
  static final Duration SDK_MAX_BACKOFF = Duration.ofSeconds(20);
  /** The Terraform AWS provider's default maximum attempts. */
  static final int TERRAFORM_MAX_ATTEMPTS = 25;

  private BenchClients() {
  }

  /**
   * @param target the sandbox
   * @param run    where every HTTP attempt is counted
   * @return a client with SDK retries off: our waiter and provisioner own every retry decision
   */
  static SsoAdminClient withoutRetries(Target target, ContenderRun run) {
    return builder(target, AwsRetryStrategy.doNotRetry(), 64, run);
  }

  /**
   * The Terraform provider's client: SDK standard retry mode (token bucket on), 25 attempts, ConflictException and
   * ThrottlingException retryable on every call, SDK backoff delays divided by the time scale.
   *
   * @param target the sandbox
   * @param run    where every HTTP attempt is counted
   * @return the client
   */
  static SsoAdminClient terraformLike(Target target, ContenderRun run) {
    RetryStrategy strategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(TERRAFORM_MAX_ATTEMPTS)
        .retryOnException(t -> t instanceof ConflictException)
        .backoffStrategy(BackoffStrategy.exponentialDelay(target.scaled(SDK_BASE_DELAY),
            target.scaled(SDK_MAX_BACKOFF)))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(target.scaled(SDK_THROTTLED_BASE_DELAY),
            target.scaled(SDK_MAX_BACKOFF)))
        .build();
    return builder(target, strategy, 64, run);
  }

  private static SsoAdminClient builder(Target target, RetryStrategy strategy, int maxConnections,
                                        ContenderRun run) {
    return SsoAdminClient.builder()
        .endpointOverride(target.endpointUri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDBENCHMARKDUMMY00", "benchmark-dummy-secret-not-a-credential")))
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build())
        .overrideConfiguration(c -> c.retryStrategy(strategy).apiCallTimeout(Duration.ofMinutes(5))
            .addExecutionInterceptor(new CallCounter(run)))
        .build();
  }
}
