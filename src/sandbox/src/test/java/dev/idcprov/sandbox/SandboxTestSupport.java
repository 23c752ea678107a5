package dev.idcprov.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Builds SDK clients against a sandbox and polls sandbox state with a bound. */
final class SandboxTestSupport {
  static final String ACCESS_KEY = "AKIASANDBOXTEST00001";
  static final String SECRET_KEY = "sandbox-test-secret-key";

  private SandboxTestSupport() {}

  /** A fast sandbox: 1000x time scale, 2..30 s provisioning (2..30 ms real), a quota no test reaches by accident. */
  static SsoAdminSandbox.Builder fast() {
    return SsoAdminSandbox.builder().timeScale(1000).randomSeed(42).requestsPerSecond(1_000);
  }

  static SsoAdminClient client(URI endpoint) {
    return client(endpoint, ACCESS_KEY, SECRET_KEY);
  }

  static SsoAdminClient client(URI endpoint, String accessKey, String secretKey) {
    return SsoAdminClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** Closes the client, then the sandbox, skipping what was never started; the sandbox is closed either way. */
  static void close(SsoAdminClient client, SsoAdminSandbox sandbox) {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (sandbox != null) {
        sandbox.close();
      }
    }
  }

  /** Polls {@code condition} every 2 ms for at most 10 s (wall clock); fails the test when it never holds. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Waits until the sandbox's ground truth says the provisioning request is terminal. */
  static ProvisioningRecord awaitTerminal(SsoAdminSandbox sandbox, String requestId) {
    await("request " + requestId + " to finish",
        () -> sandbox.provisioningRecord(requestId).map(ProvisioningRecord::isTerminal).orElse(false));
    return sandbox.provisioningRecord(requestId).orElseThrow();
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
