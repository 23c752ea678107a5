package dev.idcprov.waiter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.Mockito.mock;

import dev.idcprov.testing.VirtualScheduler;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.RequestBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;

/** The retry allowance of {@link ApiCaller}: counted, or following the deadline, in virtual time. */
class ApiCallerRetryTest {
  private final VirtualScheduler time = new VirtualScheduler();
  private final SsoAdminClient client = mock(SsoAdminClient.class);

  @AfterEach
  void stop() {
    time.shutdown();
  }

  private static RuntimeException throttled() {
    return ThrottlingException.builder().statusCode(400).message("Rate exceeded")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded")
            .build()).build();
  }

  /** A call throttled {@code failures} times, then answering "ok". */
  private static Supplier<String> throttledTimes(int failures, AtomicInteger attempts) {
    return () -> {
      if (attempts.incrementAndGet() <= failures) {
        throw throttled();
      }
      return "ok";
    };
  }

  private ApiCaller caller(RetrySpec spec, Supplier<Instant> deadline) {
    return new ApiCaller(client, time, time, RequestBudget.unlimited(), spec, time.clock(), deadline);
  }

  @Test
  void timeBound_retriesFarBeyondAnyCountWithinTheWindow() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ApiCaller api = caller(RetrySpec.untilDeadline(Duration.ofMillis(200), Duration.ofSeconds(10),
        Duration.ofMinutes(30)), null);

    String answer = api.call("ProvisionPermissionSet", null, throttledTimes(60, attempts)).get(20, TimeUnit.SECONDS);

    assertThat(answer).isEqualTo("ok");
    assertThat(attempts.get()).isEqualTo(61);
  }

  @Test
  void timeBound_stopsAtTheServedDeadline() {
    AtomicInteger attempts = new AtomicInteger();
    Instant deadline = VirtualScheduler.EPOCH.plusSeconds(60);
    ApiCaller api = caller(RetrySpec.untilDeadline(Duration.ofMillis(200), Duration.ofSeconds(10),
        Duration.ofMinutes(30)), () -> deadline);

    Throwable thrown = catchThrowable(() -> api.call("ListPermissionSetProvisioningStatus", null,
        throttledTimes(Integer.MAX_VALUE, attempts)).get(20, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AwsApiException.class);
    assertThat(((AwsApiException) thrown.getCause()).kind()).isEqualTo(AwsApiException.Kind.TRANSIENT_EXHAUSTED);
    // retried until the deadline, the last backoff shortened to end there, and not a moment past it
    assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(60));
    assertThat(attempts.get()).isGreaterThan(9);
  }

  @Test
  void counted_stopsAfterMaxRetries() {
    AtomicInteger attempts = new AtomicInteger();
    ApiCaller api = caller(new RetrySpec(3, Duration.ofMillis(200), Duration.ofSeconds(10)), null);

    Throwable thrown = catchThrowable(() -> api.call("DescribePermissionSetProvisioningStatus", null,
        throttledTimes(Integer.MAX_VALUE, attempts)).get(20, TimeUnit.SECONDS));

    assertThat(thrown).hasCauseInstanceOf(AwsApiException.class);
    assertThat(attempts.get()).isEqualTo(4);
  }
}
