package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitRequest;
import dev.idcprov.waiter.WaitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Each failure kind of a wait maps to its own exit code, with the result on stdout and the failure on stderr. */
class ExitCodeMappingTest {
  static final String INSTANCE = BadInputTest.INSTANCE;
  static final String PS = BadInputTest.PS;
  static final String OK_ID = "11111111-1111-4111-8111-111111111111";
  static final String FAILED_ID = "22222222-2222-4222-8222-222222222222";
  static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  private MockedServices services;

  @BeforeEach
  void setUp() {
    services = new MockedServices();
  }

  private CliRunner.Run waitFor(String... extra) {
    String[] base = {"wait", "--instance-arn", INSTANCE, OK_ID, FAILED_ID};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRunner.run(services, args);
  }

  private static RequestOutcome succeeded() {
    return new RequestOutcome(OK_ID, RequestOutcome.Status.SUCCEEDED, null, "111111111111", PS, CREATED);
  }

  private static RequestOutcome failed() {
    return new RequestOutcome(FAILED_ID, RequestOutcome.Status.FAILED,
        "Received a 404 status error: Policy SandboxReadOnly does not exist in account 444444444444",
        "444444444444", PS, CREATED);
  }

  @Test
  void allSucceeded_exits0_withJsonResultOnStdout() {
    WaitResult result = new WaitResult(List.of(succeeded(), new RequestOutcome(FAILED_ID,
        RequestOutcome.Status.SUCCEEDED, null, "222222222222", PS, CREATED)), 3,
        Map.of("ListPermissionSetProvisioningStatus", 3), Duration.ofMillis(4200));
    when(services.waiter.waitUntilProvisioned(any())).thenReturn(result);

    CliRunner.Run run = waitFor("--output", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("command").getAsString()).isEqualTo("wait");
    assertThat(doc.get("outcome").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(doc.getAsJsonArray("requests")).hasSize(2);
    JsonObject first = doc.getAsJsonArray("requests").get(0).getAsJsonObject();
    assertThat(first.get("requestId").getAsString()).isEqualTo(OK_ID);
    assertThat(first.get("accountId").getAsString()).isEqualTo("111111111111");
    assertThat(first.get("permissionSetArn").getAsString()).isEqualTo(PS);
    assertThat(first.get("status").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(first.get("failureReason").isJsonNull()).isTrue();
    assertThat(first.get("createdDate").getAsString()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(doc.getAsJsonObject("counts").get("succeeded").getAsInt()).isEqualTo(2);
    assertThat(doc.get("pollRounds").getAsInt()).isEqualTo(3);
    assertThat(doc.get("apiCalls").getAsInt()).isEqualTo(3);
    assertThat(doc.get("elapsedMillis").getAsLong()).isEqualTo(4200);
    verify(services.client).close();
  }

  @Test
  void failedRequest_exits1_printsFullResultOnStdout_andReasonWithHintOnStderr() {
    WaitResult result = new WaitResult(List.of(succeeded(), failed()), 2, Map.of(), Duration.ofSeconds(2));
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(new ProvisioningFailedException(result));

    CliRunner.Run run = waitFor();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    assertThat(run.out()).contains(OK_ID).contains(FAILED_ID).contains("SUCCEEDED").contains("FAILED")
        .contains("Policy SandboxReadOnly does not exist").contains("FAILED: 1 succeeded, 1 failed, 0 in progress");
    assertThat(run.err()).contains("1 of 2 permission set provisioning request(s) FAILED")
        .contains("account 444444444444").contains("Policy SandboxReadOnly does not exist")
        .contains("check: create the referenced IAM policy");
    verify(services.client).close();
  }

  @Test
  void deadlinePassed_exits3_namingThePendingRequestIds() {
    WaitResult partial = new WaitResult(List.of(succeeded()), 9, Map.of(), Duration.ofMinutes(1));
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(
        new ProvisioningTimeoutException(Duration.ofMinutes(1), List.of(FAILED_ID), partial));

    CliRunner.Run run = waitFor("--timeout", "1m", "-o", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.TIMEOUT);
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("TIMED_OUT");
    assertThat(doc.getAsJsonArray("pendingRequestIds").get(0).getAsString()).isEqualTo(FAILED_ID);
    assertThat(doc.getAsJsonObject("counts").get("inProgress").getAsInt()).isEqualTo(1);
    assertThat(run.err()).contains("deadline of PT1M passed").contains("pending RequestIds:\n  " + FAILED_ID);
  }

  @Test
  void timeoutOption_reachesTheWaiter() {
    WaitResult result = new WaitResult(List.of(succeeded()), 1, Map.of(), Duration.ZERO);
    when(services.waiter.waitUntilProvisioned(any())).thenReturn(result);

    CliRunner.run(services, "wait", "--instance-arn", INSTANCE, OK_ID, "--timeout", "PT90S", "--poll-interval",
        "500ms", "--max-poll-interval", "2s");

    var captor = org.mockito.ArgumentCaptor.forClass(WaitRequest.class);
    verify(services.waiter).waitUntilProvisioned(captor.capture());
    assertThat(captor.getValue().options().timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(captor.getValue().options().pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(captor.getValue().options().maxPollInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(captor.getValue().instanceArn()).isEqualTo(INSTANCE);
  }

  @Test
  void awsApiError_exits4_withKindAndHint() {
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(new AwsApiException(AwsApiException.Kind.ACCESS_DENIED,
        "ListPermissionSetProvisioningStatus", "AccessDeniedException", 400, "User is not authorized", 1,
        "allow sso:ListPermissionSetProvisioningStatus", null));

    CliRunner.Run run = waitFor();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(run.err()).contains("AWS API error (ACCESS_DENIED)").contains("User is not authorized")
        .contains("allow sso:ListPermissionSetProvisioningStatus");
  }

  @Test
  void sdkErrorWhileMakingTheClient_exits4() {
    CliServices noRegion = settings -> {
      throw SdkClientException.create("Unable to load region from any of the providers in the chain");
    };

    CliRunner.Run run = CliRunner.run(noRegion, "wait", "--instance-arn", INSTANCE, OK_ID);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(run.err()).contains("no AWS region").contains("give --region").contains("AWS_DEFAULT_REGION")
        .doesNotContain("providers in the chain");
  }

  @Test
  void interrupted_exits5_sayingTheRequestsGoOn() {
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(
        new ProvisioningInterruptedException(List.of(OK_ID, FAILED_ID), new InterruptedException()));

    CliRunner.Run run = waitFor();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(run.out()).contains("INTERRUPTED");
    assertThat(run.err()).contains(OK_ID).contains(FAILED_ID).contains("go on in AWS");
  }

  @Test
  void validationFailureInsideTheLibrary_exits2() {
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(new IllegalArgumentException("pageSize is bad"));

    assertThat(waitFor().exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void unexpectedError_exits6_withStackTraceOnlyWhenVerbose() {
    when(services.waiter.waitUntilProvisioned(any())).thenThrow(new UnsupportedOperationException("boom"));

    CliRunner.Run quiet = waitFor();
    CliRunner.Run verbose = waitFor("--verbose");

    assertThat(quiet.exitCode()).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(quiet.err()).contains("unexpected java.lang.UnsupportedOperationException: boom")
        .contains("rerun with --verbose").doesNotContain("\tat ");
    assertThat(verbose.exitCode()).isEqualTo(ExitCodes.UNEXPECTED);
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void exitCodeOf_mapsEveryKind() {
    assertThat(ErrorHandler.exitCodeOf(new ProvisioningFailedException(
        new WaitResult(List.of(failed()), 1, Map.of(), Duration.ZERO)))).isEqualTo(1);
    assertThat(ErrorHandler.exitCodeOf(new IllegalStateException())).isEqualTo(2);
    assertThat(ErrorHandler.exitCodeOf(new ProvisioningTimeoutException(Duration.ofSeconds(1), List.of(), null)))
        .isEqualTo(3);
    for (AwsApiException.Kind kind : AwsApiException.Kind.values()) {
      assertThat(ErrorHandler.exitCodeOf(new AwsApiException(kind, "Op", null, 0, null, 1, "h", null)))
          .as(kind.name()).isEqualTo(4);
    }
    assertThat(ErrorHandler.exitCodeOf(new ProvisioningInterruptedException(List.of(), null))).isEqualTo(5);
    assertThat(ErrorHandler.exitCodeOf(new NullPointerException())).isEqualTo(6);
  }
}
