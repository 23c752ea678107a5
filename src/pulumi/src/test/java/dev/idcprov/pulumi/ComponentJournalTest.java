package dev.idcprov.pulumi;

import static dev.idcprov.pulumi.PulumiSandboxSupport.admin;
import static dev.idcprov.pulumi.PulumiSandboxSupport.count;
import static dev.idcprov.pulumi.PulumiSandboxSupport.createPermissionSet;
import static dev.idcprov.pulumi.PulumiSandboxSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pulumi.core.Output;
import com.pulumi.exceptions.ResourceException;
import com.pulumi.test.TestResult;
import dev.idcprov.pulumi.PulumiSandboxSupport.CapturingHandler;
import dev.idcprov.pulumi.PulumiSandboxSupport.SandboxMocks;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.waiter.ProvisioningContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Issue 9 in the component: each accepted request is logged the moment AWS accepts it, every end path reports the
 * accepted requests with their last status and the targets never submitted, bad rates and permission sets of
 * another instance fail as input errors before any AWS call, and the deadline bounds planning too.
 */
class ComponentJournalTest {
  private static final String ACTIVE_1 = "111111111111";
  private static final String ACTIVE_2 = "222222222222";
  private static final Map<String, String> CONFIG = Map.of("aws:region", "us-east-1");
  private static final String OTHER_INSTANCE_SET =
      "arn:aws:sso:::permissionSet/ssoins-9999999999999999/ps-9999999999999999";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private final ProvisioningContext context = PulumiSandboxSupport.context();
  private final Logger logger = Logger.getLogger("idcprov-journal-test-" + System.nanoTime());
  private final CapturingHandler log = CapturingHandler.attachTo(logger);
  private String instanceArn;
  private String permissionSetArn;

  private void start(SsoAdminSandbox.Builder builder) {
    sandbox = builder.timeScale(1000).randomSeed(42).build().start();
    sso = admin(sandbox);
    instanceArn = sandbox.instanceArn();
    permissionSetArn = createPermissionSet(sso, instanceArn, "Admins");
  }

  private void start(Duration provisioning) {
    start(SsoAdminSandbox.builder().provisioningDuration(provisioning, provisioning));
  }

  @AfterEach
  void stop() {
    if (sso != null) {
      sso.close();
      sandbox.close();
    }
    context.close();
  }

  private PermissionSetProvisioningArgs.Builder args(String... accounts) {
    return PermissionSetProvisioningArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(permissionSetArn)
        .accountIds(accounts)
        .endpoint(sandbox.endpoint().toString());
  }

  private TestResult runComponent(PermissionSetProvisioningArgs args) {
    return run(false, new SandboxMocks(sandbox, Duration.ZERO), CONFIG, logger,
        ctx -> new PermissionSetProvisioning("admins", args, null, context));
  }

  private static String errorText(TestResult result) {
    StringBuilder sb = new StringBuilder();
    result.exceptions().forEach(e -> sb.append(e.getMessage()).append('\n'));
    result.errors().forEach(e -> sb.append(e).append('\n'));
    return sb.toString();
  }

  private int indexOf(String prefix) {
    List<String> lines = log.snapshot();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private String acceptedLine(ProvisioningRecord r) {
    return "[admins] accepted: request " + r.requestId() + ", permission set " + r.permissionSetArn()
        + " -> account " + r.accountId() + ", instance " + instanceArn;
  }

  @Test
  void success_logsEachAcceptedRequest_thenEveryRequestWithItsLastStatus() {
    start(Duration.ofSeconds(5));

    TestResult result = runComponent(args(ACTIVE_1, ACTIVE_2).build());

    assertThat(result.exceptions()).isEmpty();
    List<ProvisioningRecord> records = sandbox.provisioningRecords();
    assertThat(records).hasSize(2);
    int end = indexOf("[admins] run ended SUCCEEDED: 2 accepted request(s), 0 planned target(s) not submitted");
    assertThat(end).as("end report in %s", log.snapshot()).isNotNegative();
    for (ProvisioningRecord r : records) {
      // logged as accepted before the run ended, and in the end report with its status
      assertThat(indexOf(acceptedLine(r))).isBetween(0, end - 1);
      assertThat(log.snapshot().get(end)).contains("request " + r.requestId() + " SUCCEEDED: permission set "
          + r.permissionSetArn() + " -> account " + r.accountId());
    }
  }

  @Test
  void failedRequest_errorNamesEveryAcceptedRequestWithItsLastStatus() {
    start(Duration.ofSeconds(5));
    String suspended = SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT;

    TestResult result = runComponent(args(ACTIVE_1, suspended).build());

    assertThat(result.exitCode()).isNotZero();
    String text = errorText(result);
    assertThat(text).contains("run ended FAILED: 2 accepted request(s)");
    for (ProvisioningRecord r : sandbox.provisioningRecords()) {
      assertThat(indexOf(acceptedLine(r))).isNotNegative();
      assertThat(text).contains("request " + r.requestId() + " " + r.status() + ": permission set "
          + r.permissionSetArn() + " -> account " + r.accountId());
    }
    assertThat(log.snapshot()).anySatisfy(m -> assertThat(m).startsWith("[admins] run ended FAILED"));
  }

  @Test
  void deadline_errorNamesAcceptedRequestsStillInProgress() {
    // Given provisioning that takes an hour (3.6 s real) and a deadline of 100 input seconds (2 s real)
    start(Duration.ofHours(1));

    TestResult result = runComponent(args(ACTIVE_1, ACTIVE_2).timeoutSeconds(100).build());

    // Then every request the sandbox accepted was logged when accepted and is named IN_PROGRESS in the error,
    // and every planned target is either one of them or named as not submitted
    assertThat(result.exitCode()).isNotZero();
    String text = errorText(result);
    List<ProvisioningRecord> records = sandbox.provisioningRecords();
    assertThat(records).isNotEmpty();
    assertThat(text).contains("did not finish in time").contains("run ended TIMED_OUT: " + records.size()
        + " accepted request(s), " + (2 - records.size()) + " planned target(s) not submitted");
    for (ProvisioningRecord r : records) {
      assertThat(indexOf(acceptedLine(r))).isNotNegative();
      assertThat(text).contains("request " + r.requestId() + " IN_PROGRESS");
    }
  }

  @Test
  void apiError_errorSaysHowTheRunEnded_andWhatWasAccepted() {
    // Given a sandbox that accepts only the test's own key (the set is created with it), not the component's
    start(SsoAdminSandbox.builder().provisioningDuration(Duration.ofSeconds(5), Duration.ofSeconds(5))
        .verifySignatures(Map.of("AKIDTEST", "secret")));

    TestResult result = runComponent(args(ACTIVE_1).build());

    // Then the deployment fails with AWS's error and the end report: nothing accepted, the target not submitted
    assertThat(result.exitCode()).isNotZero();
    assertThat(errorText(result)).contains("PermissionSetProvisioning 'admins' failed: ")
        .contains("run ended API_ERROR: 0 accepted request(s)");
    assertThat(count(sandbox, "ProvisionPermissionSet")).isZero();
  }

  @Test
  void deadline_boundsPlanning() {
    // Given a sandbox answering each call after 100 s of sandbox time (0.1 s real), and a deadline of 2 input
    // seconds (40 ms real): planning alone needs more than that
    start(SsoAdminSandbox.builder().latency(Duration.ofSeconds(100)));

    TestResult result = runComponent(args(ACTIVE_1, ACTIVE_2).timeoutSeconds(2).build());

    // Then the deadline passes while planning and nothing is provisioned
    assertThat(result.exitCode()).isNotZero();
    assertThat(errorText(result)).contains("did not finish in time").contains("while planning")
        .contains("run ended TIMED_OUT: 0 accepted request(s)");
    assertThat(count(sandbox, "ProvisionPermissionSet")).isZero();
  }

  @Test
  void permissionSetOfAnotherInstance_isAnInputError_beforeAnyCall() {
    start(Duration.ofSeconds(5));
    int before = sandbox.requests().size();

    TestResult result = runComponent(args(ACTIVE_1).permissionSetArns(Output.of(List.of(OTHER_INSTANCE_SET)))
        .build());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.exceptions()).anySatisfy(e -> {
      assertThat(e).isInstanceOf(ResourceException.class);
      assertThat(((ResourceException) e).isHideStack()).isTrue();
      assertThat(e.getMessage()).startsWith("PermissionSetProvisioning 'admins' has an invalid input: "
              + "permissionSetArns[0] '" + OTHER_INSTANCE_SET + "' belongs to instance ssoins-9999999999999999")
          .contains("not to instanceArn '" + instanceArn + "'")
          .contains("give only permission sets of that instance")
          .contains("Nothing was read or provisioned")
          .doesNotContain("unexpectedly").doesNotContain("Exception");
    });
    assertThat(sandbox.requests()).hasSize(before);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-300, 0, -1, Double.NaN, 1e300, Double.POSITIVE_INFINITY, 0.0009, 20.5})
  void maxRequestsPerSecondOutOfRange_isAnInputError_beforeAnyCall(double rate) {
    start(Duration.ofSeconds(5));
    int before = sandbox.requests().size();

    // a plain value is refused by the builder
    assertThatThrownBy(() -> args(ACTIVE_1).maxRequestsPerSecond(rate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRequestsPerSecond must be between 0.001 (one call every 1000 s) and 20.0 (the SSO Admin "
            + "quota per account), got " + rate);

    // a value from an Output fails the deployment naming the input, with no AWS call
    TestResult result = runComponent(args(ACTIVE_1).maxRequestsPerSecond(Output.of(rate)).build());

    assertThat(result.exitCode()).isNotZero();
    assertThat(errorText(result)).contains("has an invalid input: maxRequestsPerSecond must be between 0.001")
        .contains("got " + rate).doesNotContain("unexpectedly");
    assertThat(sandbox.requests()).hasSize(before);
  }
}
