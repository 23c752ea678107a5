package dev.idcprov.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pulumi.Context;
import com.pulumi.aws.ssoadmin.AccountAssignment;
import com.pulumi.aws.ssoadmin.AccountAssignmentArgs;
import com.pulumi.aws.ssoadmin.CustomerManagedPolicyAttachment;
import com.pulumi.aws.ssoadmin.CustomerManagedPolicyAttachmentArgs;
import com.pulumi.aws.ssoadmin.ManagedPolicyAttachment;
import com.pulumi.aws.ssoadmin.ManagedPolicyAttachmentArgs;
import com.pulumi.aws.ssoadmin.PermissionSet;
import com.pulumi.aws.ssoadmin.PermissionSetArgs;
import com.pulumi.aws.ssoadmin.PermissionSetInlinePolicy;
import com.pulumi.aws.ssoadmin.PermissionSetInlinePolicyArgs;
import com.pulumi.aws.ssoadmin.PermissionsBoundaryAttachment;
import com.pulumi.aws.ssoadmin.PermissionsBoundaryAttachmentArgs;
import com.pulumi.aws.ssoadmin.SsoadminFunctions;
import com.pulumi.aws.ssoadmin.inputs.CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs;
import com.pulumi.aws.ssoadmin.inputs.PermissionsBoundaryAttachmentPermissionsBoundaryArgs;
import com.pulumi.aws.ssoadmin.inputs.PermissionsBoundaryAttachmentPermissionsBoundaryCustomerManagedPolicyReferenceArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import dev.idcprov.rehearsal.SandboxMocks.Change;
import dev.idcprov.rehearsal.SandboxMocks.ResourceEvent;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import org.assertj.core.groups.Tuple;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Runs programs written with the real pulumi-aws classes through the runtime and the mocks. */
class ProgramRunTest {
  private static final String PROJECT = "proj";

  private SandboxFixture fixture;
  private SsoAdminSandbox sandbox;
  private SsoAdminClient client;
  private SandboxMocks mocks;
  private List<ResourceEvent> events;
  private final List<ProgramRun.LogLine> logs = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fixture = SandboxFixture.start(5);
    sandbox = fixture.sandbox;
    client = fixture.client;
    mocks = fixture.mocks;
    events = fixture.events;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** Every ssoadmin resource the mocks forward, declared as a user would, with the instance looked up. */
  public static void everyResource(Context ctx) {
    Output<String> instance = SsoadminFunctions.getInstances().applyValue(r -> r.arns().get(0));
    PermissionSet set = new PermissionSet("set", PermissionSetArgs.builder().instanceArn(instance)
        .name(ctx.config().require("setName")).sessionDuration("PT2H").build());
    var inline = new PermissionSetInlinePolicy("inline", PermissionSetInlinePolicyArgs.builder()
        .instanceArn(instance).permissionSetArn(set.arn())
        .inlinePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\""
            + ctx.config().require("action") + "\"],\"Resource\":\"*\"}]}").build());
    var managed = new ManagedPolicyAttachment("managed", ManagedPolicyAttachmentArgs.builder()
        .instanceArn(instance).permissionSetArn(set.arn())
        .managedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess").build());
    var customer = new CustomerManagedPolicyAttachment("customer", CustomerManagedPolicyAttachmentArgs.builder()
        .instanceArn(instance).permissionSetArn(set.arn())
        .customerManagedPolicyReference(CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs.builder()
            .name(SandboxSeed.DEFAULT_READ_ONLY_POLICY).build()).build());
    var boundary = new PermissionsBoundaryAttachment("boundary", PermissionsBoundaryAttachmentArgs.builder()
        .instanceArn(instance).permissionSetArn(set.arn())
        .permissionsBoundary(PermissionsBoundaryAttachmentPermissionsBoundaryArgs.builder()
            .customerManagedPolicyReference(
                PermissionsBoundaryAttachmentPermissionsBoundaryCustomerManagedPolicyReferenceArgs.builder()
                    .name(SandboxSeed.DEFAULT_BOUNDARY_POLICY).path("/boundaries/").build())
            .build()).build());
    new AccountAssignment("assignment", AccountAssignmentArgs.builder()
        .instanceArn(instance).permissionSetArn(set.arn())
        .principalId(ctx.config().require("principalId")).principalType("USER")
        .targetId("222222222222").targetType("AWS_ACCOUNT").build(),
        CustomResourceOptions.builder().dependsOn(inline, managed, customer, boundary).build());
    ctx.export("arn", set.arn());
    ctx.log().info("declared " + ctx.config().require("setName"));
  }

  /** A program whose own code fails. */
  public static void failing(Context ctx) {
    throw new IllegalStateException("config is inconsistent");
  }

  @Test
  void pulumiAwsResources_areCreatedInTheSandbox_withTheirInputs() {
    ProgramRun.Outcome outcome = run(config("Auditor", "ce:GetCostAndUsage"));

    assertThat(outcome.succeeded()).as("outcome %s", outcome).isTrue();
    String arn = (String) outcome.outputs().get("arn");
    String instance = sandbox.instanceArn();
    assertThat(client.listPermissionSets(r -> r.instanceArn(instance)).permissionSets()).containsExactly(arn);
    assertThat(client.describePermissionSet(r -> r.instanceArn(instance).permissionSetArn(arn)).permissionSet())
        .satisfies(set -> {
          assertThat(set.name()).isEqualTo("Auditor");
          assertThat(set.sessionDuration()).isEqualTo("PT2H");
        });
    assertThat(client.getInlinePolicyForPermissionSet(r -> r.instanceArn(instance).permissionSetArn(arn))
        .inlinePolicy()).contains("ce:GetCostAndUsage");
    assertThat(client.listCustomerManagedPolicyReferencesInPermissionSet(r -> r.instanceArn(instance)
        .permissionSetArn(arn)).customerManagedPolicyReferences()).hasSize(1);
    assertThat(client.listAccountAssignments(r -> r.instanceArn(instance).permissionSetArn(arn)
        .accountId("222222222222")).accountAssignments()).hasSize(1);
    assertThat(events).extracting(ResourceEvent::change).containsOnly(Change.CREATED).hasSize(6);
    assertThat(logs).extracting(ProgramRun.LogLine::message).contains("declared Auditor");
  }

  @Test
  void secondRun_withChangedInlinePolicy_updatesOnlyTheInlinePolicy() {
    run(config("Auditor", "ce:GetCostAndUsage"));
    events.clear();

    ProgramRun.Outcome second = run(config("Auditor", "ce:GetCostForecast"));

    assertThat(second.succeeded()).isTrue();
    assertThat(events).filteredOn(e -> e.change() != Change.UNCHANGED)
        .extracting(ResourceEvent::name, ResourceEvent::change)
        .containsExactly(Tuple.tuple("inline", Change.UPDATED));
    assertThat(events).hasSize(6);
  }

  @Test
  void failingProgram_outcomeCarriesItsMessage_andNonZeroExitCode() {
    ProgramRun.Outcome outcome = ProgramRun.run(ProgramRun.program(ProgramRunTest.class.getName() + "$Failing"),
        PROJECT, "s", Map.of(), mocks, logs::add);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.exceptions()).extracting(Throwable::getMessage).contains("config is inconsistent");
  }

  @Test
  void programClass_mustExistAndHaveStaticStackMethod() {
    assertThatThrownBy(() -> ProgramRun.program("no.such.App"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no.such.App' is not on the classpath");
    assertThatThrownBy(() -> ProgramRun.program(ProgramRunTest.class.getName()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no method 'public static void stack(com.pulumi.Context)'");
  }

  /** Holder so the failing program can be loaded by class name. */
  public static final class Failing {
    private Failing() {
    }

    public static void stack(Context ctx) {
      failing(ctx);
    }
  }

  private ProgramRun.Outcome run(Map<String, String> config) {
    return ProgramRun.run(ProgramRunTest::everyResource, PROJECT, "s", config, mocks, logs::add);
  }

  private Map<String, String> config(String setName, String action) {
    return Map.of(PROJECT + ":setName", setName, PROJECT + ":action", action,
        PROJECT + ":principalId", sandbox.seed().users().get(0), "aws:region", "us-east-1");
  }
}
