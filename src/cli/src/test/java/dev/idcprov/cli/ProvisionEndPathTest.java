package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.provisioning.PlannedTarget;
import dev.idcprov.provisioning.ProvisioningPlan;
import dev.idcprov.provisioning.SubmissionFailedException;
import dev.idcprov.provisioning.SubmittedRequest;
import dev.idcprov.waiter.AwsApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 9: every end path of {@code provision} prints the full result on stdout, journal lines on stderr. */
class ProvisionEndPathTest {
  static final String PS = BadInputTest.PS;
  static final String INSTANCE = BadInputTest.INSTANCE;
  static final String ID1 = "11111111-1111-4111-8111-111111111111";
  static final String ID2 = "22222222-2222-4222-8222-222222222222";

  private MockedServices services;
  private PlannedTarget t1;
  private PlannedTarget t2;
  private PlannedTarget t3;

  @BeforeEach
  void setUp() {
    services = new MockedServices();
    t1 = new PlannedTarget(PS, "111111111111", PlannedTarget.Reason.OUTDATED);
    t2 = new PlannedTarget(PS, "222222222222", PlannedTarget.Reason.OUTDATED);
    t3 = new PlannedTarget(PS, "333333333333", PlannedTarget.Reason.OUTDATED);
    when(services.provisioner.plan(any())).thenReturn(new ProvisioningPlan(INSTANCE, List.of(t1, t2, t3), Map.of()));
  }

  private CliRunner.Run provision(String... extra) {
    String[] base = {"provision", "--permission-set-arn", PS, "--account", "111111111111,222222222222,333333333333",
        "-o", "json"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRunner.run(services, args);
  }

  static AwsApiException accessDenied() {
    return new AwsApiException(AwsApiException.Kind.ACCESS_DENIED, "ProvisionPermissionSet", "AccessDeniedException",
        403, "not allowed", 1, "the caller's IAM policy", null);
  }

  @Test
  void apiErrorDuringSubmission_exits4_withTheAcceptedRequestAndTheUnsubmittedTargetsOnStdout() {
    // Given AWS accepted the first target, then refused the second
    SubmittedRequest accepted = new SubmittedRequest(ID1, t1, Instant.EPOCH);
    when(services.provisioner.submit(any(), any())).thenThrow(new SubmissionFailedException(accessDenied(),
        List.of(accepted)));

    CliRunner.Run run = provision();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.AWS_ERROR);
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("endReason").getAsString()).isEqualTo("API_ERROR");
    assertThat(doc.getAsJsonArray("requests")).hasSize(1);
    assertThat(doc.getAsJsonArray("requests").get(0).getAsJsonObject().get("requestId").getAsString()).isEqualTo(ID1);
    assertThat(doc.get("error").getAsString()).contains("AccessDeniedException");
  }

  @Test
  void noWait_apiError_exits4_withTheAcceptedRequestJournaledAndPrinted_andTheRestNotSubmitted() {
    doAnswer(inv -> {
      inv.<java.util.function.Consumer<SubmittedRequest>>getArgument(2).accept(new SubmittedRequest(ID2, t2,
          Instant.EPOCH));
      throw new SubmissionFailedException(accessDenied(), List.of(new SubmittedRequest(ID2, t2, Instant.EPOCH)));
    }).when(services.provisioner).submit(any(), any(), any());

    CliRunner.Run run = provision("--no-wait");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(run.err()).contains("{\"journal\":\"accepted\",\"requestId\":\"" + ID2 + "\"");
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("endReason").getAsString()).isEqualTo("API_ERROR");
    assertThat(doc.getAsJsonArray("requests")).hasSize(1);
    assertThat(doc.getAsJsonArray("notSubmitted")).hasSize(2);
  }

  @Test
  void planningSlowerThanTimeout_exits3_whilePlanning_withTheResultOnStdout() {
    // Given planning that never finishes
    doReturn(new CompletableFuture<>()).when(services.provisioner).planAsync(any());

    CliRunner.Run run = provision("--timeout", "1s");

    // Then --timeout ends it: nothing was submitted, and the result still says why
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(run.err()).contains("the deadline passed while planning");
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("endReason").getAsString()).isEqualTo("TIMED_OUT");
    assertThat(doc.getAsJsonArray("requests")).isEmpty();
  }
}
