package dev.idcprov.pulumi;

import static dev.idcprov.pulumi.PulumiSandboxSupport.admin;
import static dev.idcprov.pulumi.PulumiSandboxSupport.count;
import static dev.idcprov.pulumi.PulumiSandboxSupport.createPermissionSet;
import static dev.idcprov.pulumi.PulumiSandboxSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.core.Output;
import com.pulumi.core.internal.OutputData;
import com.pulumi.core.internal.OutputInternal;
import com.pulumi.exceptions.ResourceException;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;
import dev.idcprov.pulumi.PulumiSandboxSupport.CapturingHandler;
import dev.idcprov.pulumi.PulumiSandboxSupport.SandboxMocks;
import dev.idcprov.pulumi.PulumiSandboxSupport.SlowResource;
import dev.idcprov.pulumi.internal.ClientLeases;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.waiter.ProvisioningContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** The component in Pulumi's test runtime against a local SSO Admin sandbox, in preview and update mode. */
class PermissionSetProvisioningTest {
  private static final String ACTIVE_1 = "111111111111";
  private static final String ACTIVE_2 = "222222222222";
  private static final Map<String, String> CONFIG = Map.of("aws:region", "us-east-1");

  private SsoAdminSandbox sandbox;
  private final ProvisioningContext context = PulumiSandboxSupport.context();
  private SsoAdminClient sso;
  private String instanceArn;
  private String permissionSetArn;

  @BeforeEach
  void startSandbox() {
    sandbox = PulumiSandboxSupport.sandbox(Duration.ofSeconds(2), Duration.ofSeconds(30));
    sso = admin(sandbox);
    instanceArn = sandbox.instanceArn();
    permissionSetArn = createPermissionSet(sso, instanceArn, "Admins");
  }

  @AfterEach
  void stopSandbox() {
    sso.close();
    sandbox.close();
    context.close();
  }

  private PermissionSetProvisioningArgs.Builder args(String... accounts) {
    return PermissionSetProvisioningArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(permissionSetArn)
        .accountIds(accounts)
        .endpoint(sandbox.endpoint().toString());
  }

  private TestResult runComponent(boolean preview, PermissionSetProvisioningArgs args,
                                  AtomicReference<PermissionSetProvisioning> out) {
    return run(preview, new SandboxMocks(sandbox, Duration.ZERO), CONFIG,
        ctx -> out.set(new PermissionSetProvisioning("admins", args, null, context)));
  }

  private static <T> T value(Output<T> output) {
    return PulumiTest.extractValue(output);
  }

  private static String errorText(TestResult result) {
    StringBuilder sb = new StringBuilder();
    result.exceptions().forEach(e -> sb.append(e.getMessage()).append('\n'));
    result.errors().forEach(e -> sb.append(e).append('\n'));
    return sb.toString();
  }

  @Test
  void preview_reportsPlannedAccounts_andMakesNoWrite() {
    // Given a permission set never provisioned to two accounts
    var component = new AtomicReference<PermissionSetProvisioning>();

    // When the component runs in preview
    TestResult result = runComponent(true, args(ACTIVE_1, ACTIVE_2).build(), component);

    // Then it plans both accounts with read-only calls and provisions nothing
    assertThat(result.exceptions()).isEmpty();
    assertThat(count(sandbox, "ProvisionPermissionSet")).isZero();
    assertThat(count(sandbox, "ListAccountsForProvisionedPermissionSet")).isPositive();
    assertThat(value(component.get().plannedTargets())).containsExactlyInAnyOrder(
        new PlanEntry(permissionSetArn, ACTIVE_1, "NOT_PROVISIONED"),
        new PlanEntry(permissionSetArn, ACTIVE_2, "NOT_PROVISIONED"));
    assertThat(value(component.get().summary())).startsWith("would provision 2 account(s): ").contains(ACTIVE_1);
    assertThat(value(component.get().results())).isEmpty();
    assertThat(value(component.get().requestCount())).isEqualTo(2);
  }

  @Test
  void previewWithUnknownInputs_saysPlanUnknown_andMakesNoCall() {
    // Given an instance ARN not known until another resource is created
    Output<String> unknownArn = new OutputInternal<>(OutputData.<String>unknown());
    var component = new AtomicReference<PermissionSetProvisioning>();
    int before = sandbox.requests().size();

    // When the component runs in preview
    TestResult result = run(true, new SandboxMocks(sandbox, Duration.ZERO), CONFIG, ctx -> component.set(
        new PermissionSetProvisioning("admins", args(ACTIVE_1).instanceArn(unknownArn).build(), null, context)));

    // Then the plan is reported unknown and the sandbox saw no call
    assertThat(result.exceptions()).isEmpty();
    assertThat(sandbox.requests()).hasSize(before);
    assertThat(value(component.get().summary())).startsWith("plan unknown in preview");
    assertThat(value(component.get().plannedTargets())).isNull();
  }

  @Test
  void update_provisionsExportsResults_andSecondRunIsNoOp() {
    // Given a permission set never provisioned to two accounts, and a captured deployment log
    Logger logger = Logger.getLogger("idcprov-test-" + System.nanoTime());
    CapturingHandler log = CapturingHandler.attachTo(logger);
    var first = new AtomicReference<PermissionSetProvisioning>();

    // When the component runs in an update
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), CONFIG, logger,
        ctx -> first.set(new PermissionSetProvisioning("admins", args(ACTIVE_1, ACTIVE_2).build(), null, context)));

    // Then both accounts are provisioned, waited for and exported
    assertThat(result.exceptions()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(first.get().ended()).isCompleted().isNotCompletedExceptionally();
    assertThat(count(sandbox, "ProvisionPermissionSet")).isEqualTo(2);
    List<RequestResult> rows = value(first.get().results());
    assertThat(rows).extracting(RequestResult::accountId).containsExactlyInAnyOrder(ACTIVE_1, ACTIVE_2);
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.status()).isEqualTo("SUCCEEDED");
      assertThat(row.permissionSetArn()).isEqualTo(permissionSetArn);
      assertThat(row.failureReason()).isNull();
      assertThat(sandbox.provisioningRecord(row.requestId())).isPresent();
    });
    assertThat(value(first.get().requestCount())).isEqualTo(2);
    assertThat(value(first.get().succeededCount())).isEqualTo(2);
    assertThat(value(first.get().failedCount())).isZero();
    assertThat(value(first.get().summary())).isEqualTo("2 account(s) provisioned, 0 up to date");
    assertThat(log.snapshot()).anySatisfy(m -> assertThat(m).startsWith("[admins] waiting: ")
        .contains("/2 accounts provisioned"));
    assertThat(log.snapshot()).first().isEqualTo("[admins] as account 111111111111 "
        + "(arn:aws:iam::111111111111:user/deployer): checking 1 permission set across 2 target account(s); "
        + "provisioning only those not up to date");
    assertThat(context.extension(ClientLeases.class, ClientLeases::new).openClients())
        .as("the component's client is closed once the run ends").isZero();

    // When it runs again with nothing changed
    var second = new AtomicReference<PermissionSetProvisioning>();
    TestResult again = runComponent(false, args(ACTIVE_1, ACTIVE_2).build(), second);

    // Then no provisioning call is made
    assertThat(again.exceptions()).isEmpty();
    assertThat(count(sandbox, "ProvisionPermissionSet")).isEqualTo(2);
    assertThat(value(second.get().results())).isEmpty();
    assertThat(value(second.get().requestCount())).isZero();
    assertThat(value(second.get().summary())).isEqualTo("nothing to provision: 2 account(s) up to date");
  }

  @Test
  void dependsOn_resourceFinishesBeforeFirstSsoAdminCall() {
    // Given a warmed-up component (clients built, first run done) and a dependency, say a policy attachment,
    // whose creation completes 500 ms late
    runComponent(false, args(ACTIVE_1).build(), new AtomicReference<>());
    SandboxMocks mocks = new SandboxMocks(sandbox, Duration.ofMillis(500));
    long before = sandbox.requests().size();

    // When the component depends on it (forced, so that it provisions again)
    TestResult result = run(false, mocks, CONFIG, ctx -> {
      SlowResource attachment = new SlowResource("inline-policy");
      new PermissionSetProvisioning("admins", args(ACTIVE_1).force(true).build(),
          ComponentResourceOptions.builder().dependsOn(attachment).build(), context);
    });

    // Then no SSO Admin call was made before the dependency finished, and provisioning happened after it
    assertThat(result.exceptions()).isEmpty();
    assertThat(mocks.requestsWhenSlowResourceFinished).containsExactly(before);
    assertThat(count(sandbox, "ProvisionPermissionSet")).isEqualTo(2);
  }

  @Test
  void failedAccount_failsDeploymentWithAccountAndAwsReason() {
    // Given targets that include a SUSPENDED account
    String suspended = SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT;
    var component = new AtomicReference<PermissionSetProvisioning>();

    // When the component runs in an update
    TestResult result = runComponent(false, args(ACTIVE_1, suspended).build(), component);

    // Then the deployment fails with the account, the permission set, AWS's reason and what to check
    ProvisioningRecord failed = sandbox.provisioningRecords().stream()
        .filter(r -> suspended.equals(r.accountId())).findFirst().orElseThrow();
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.exceptions()).anySatisfy(e -> {
      assertThat(e).isInstanceOf(ResourceException.class);
      assertThat(((ResourceException) e).isHideStack()).isTrue();
      assertThat(e.getMessage())
          .contains("PermissionSetProvisioning 'admins' failed")
          .contains("account " + suspended)
          .contains(permissionSetArn)
          .contains(failed.failureReason())
          .contains("check:")
          // the succeeded account is not blamed; the journal at the end names it with its status
          .doesNotContain("account " + ACTIVE_1 + " (request")
          .contains("SUCCEEDED: permission set " + permissionSetArn + " -> account " + ACTIVE_1);
    });
    assertThat(value(component.get().summary())).isNull();
    assertThat(value(component.get().succeededCount())).isNull();
    // a host (the provider's Construct) sees the same failure on ended(), whatever deployment the task went to
    assertThat(component.get().ended()).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ResourceException.class)
        .withMessageContaining("PermissionSetProvisioning 'admins' failed");
  }

  @Test
  void missingCustomerManagedPolicy_failsWithAwsReason() {
    // Given a permission set referencing a customer managed policy missing in one account
    String withoutPolicy = SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES;
    sso.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instanceArn)
        .permissionSetArn(permissionSetArn).customerManagedPolicyReference(p -> p.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    var component = new AtomicReference<PermissionSetProvisioning>();

    // When the component runs in an update
    TestResult result = runComponent(false, args(withoutPolicy).build(), component);

    // Then the message names the account and AWS's reason
    ProvisioningRecord failed = sandbox.provisioningRecords().get(0);
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(errorText(result)).contains("account " + withoutPolicy).contains(failed.failureReason());
  }

  @Test
  void deadline_failsNamingPendingRequests() {
    // Given a sandbox whose provisioning takes an hour (3.6 s of real time)
    sso.close();
    sandbox.close();
    sandbox = PulumiSandboxSupport.sandbox(Duration.ofHours(1), Duration.ofHours(1));
    sso = admin(sandbox);
    instanceArn = sandbox.instanceArn();
    permissionSetArn = createPermissionSet(sso, instanceArn, "Slow");
    var component = new AtomicReference<PermissionSetProvisioning>();

    // When the component waits with a deadline of 30 input seconds (0.6 s real): the deadline bounds planning and
    // submission too (issue 9), so it leaves them room, and passes while the requests run
    TestResult result = runComponent(false, args(ACTIVE_1, ACTIVE_2).timeoutSeconds(30).build(), component);

    // Then the deployment fails naming each pending request
    assertThat(result.exitCode()).isNotZero();
    assertThat(sandbox.provisioningRecords()).hasSize(2);
    String text = errorText(result);
    assertThat(text).contains("did not finish in time").contains("timeoutSeconds");
    sandbox.provisioningRecords().forEach(r -> assertThat(text).contains(r.requestId()));
    assertThat(value(component.get().summary())).isNull();
  }

  @Test
  void twoComponents_waitInParallel_andShareOneBudget() {
    // Given two permission sets whose provisioning takes 500 s of sandbox time (0.5 s real) each
    sso.close();
    sandbox.close();
    sandbox = PulumiSandboxSupport.sandbox(Duration.ofSeconds(500), Duration.ofSeconds(500));
    sso = admin(sandbox);
    instanceArn = sandbox.instanceArn();
    String readers = createPermissionSet(sso, instanceArn, "Readers");
    String writers = createPermissionSet(sso, instanceArn, "Writers");
    Logger logger = Logger.getLogger("idcprov-test-" + System.nanoTime());
    CapturingHandler log = CapturingHandler.attachTo(logger);
    var a = new AtomicReference<PermissionSetProvisioning>();
    var b = new AtomicReference<PermissionSetProvisioning>();

    // When one program declares a component for each
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), CONFIG, logger, ctx -> {
      a.set(new PermissionSetProvisioning("readers", args(ACTIVE_1).permissionSetArns(readers).build(), null,
          context));
      b.set(new PermissionSetProvisioning("writers", args(ACTIVE_1).permissionSetArns(writers).build(), null,
          context));
    });

    // Then both succeed, in parallel (the second request was submitted before the first completed, not after it),
    // and the second component shares the first one's budget
    assertThat(result.exceptions()).isEmpty();
    assertThat(value(a.get().succeededCount())).isEqualTo(1);
    assertThat(value(b.get().succeededCount())).isEqualTo(1);
    List<ProvisioningRecord> records = sandbox.provisioningRecords().stream()
        .sorted(Comparator.comparing(ProvisioningRecord::createdAt)).toList();
    assertThat(records).extracting(ProvisioningRecord::permissionSetArn).containsExactlyInAnyOrder(readers, writers);
    assertThat(records.get(1).createdAt()).isBefore(records.get(0).completedAt());
    assertThat(log.snapshot()).anySatisfy(m -> assertThat(m).contains("sharing the SSO Admin call budget of " + instanceArn));
    // and each progress line names its component, so the two can be told apart
    assertThat(log.snapshot()).anySatisfy(m -> assertThat(m).startsWith("[readers] waiting: "));
    assertThat(log.snapshot()).anySatisfy(m -> assertThat(m).startsWith("[writers] waiting: "));
  }

  @Test
  void invalidAccountIdInOutput_failsNamingInput_beforeAnyCall() {
    // Given an account id that resolves from an Output to a bad value
    int before = sandbox.requests().size();
    var component = new AtomicReference<PermissionSetProvisioning>();

    // When the component runs
    TestResult result = runComponent(false,
        args(ACTIVE_1).accountIds(Output.of(List.of("12345"))).build(), component);

    // Then it fails naming the input, and no AWS call was made
    assertThat(result.exitCode()).isNotZero();
    assertThat(errorText(result)).contains("has an invalid input").contains("accountIds[0] '12345'")
        .contains("12-digit");
    assertThat(sandbox.requests()).hasSize(before);
  }

  @Test
  void accountIdsAndAllProvisionedAccounts_failNamingBoth_beforeAnyCall() {
    int before = sandbox.requests().size();
    TestResult result = runComponent(false, args(ACTIVE_1).allProvisionedAccounts(true).build(),
        new AtomicReference<>());

    assertThat(errorText(result)).contains("accountIds and allProvisionedAccounts conflict");
    assertThat(sandbox.requests()).hasSize(before);
  }

  @Test
  void nonPositiveTimeoutFromOutput_failsNamingInput_beforeAnyCall() {
    int before = sandbox.requests().size();
    TestResult result = runComponent(false, args(ACTIVE_1).timeoutSeconds(Output.of(0)).build(),
        new AtomicReference<>());

    assertThat(errorText(result)).contains("timeoutSeconds must be between 1 and 86400");
    assertThat(sandbox.requests()).hasSize(before);
  }

  @Test
  void emptyPermissionSetListFromOutput_failsNamingInput() {
    TestResult result = runComponent(false,
        args(ACTIVE_1).permissionSetArns(Output.of(List.<String>of())).build(), new AtomicReference<>());

    assertThat(errorText(result)).contains("permissionSetArns must not be empty");
  }
}
