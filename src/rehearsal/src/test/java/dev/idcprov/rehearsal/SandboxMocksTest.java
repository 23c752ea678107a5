package dev.idcprov.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import com.pulumi.test.Mocks;
import dev.idcprov.rehearsal.SandboxMocks.Change;
import dev.idcprov.rehearsal.SandboxMocks.ResourceEvent;
import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatus;

class SandboxMocksTest {
  private SandboxFixture fixture;
  private SsoAdminSandbox sandbox;
  private SsoAdminClient client;
  private SandboxMocks mocks;
  private List<ResourceEvent> events;

  @BeforeEach
  void startSandbox() {
    fixture = SandboxFixture.start(3);
    sandbox = fixture.sandbox;
    client = fixture.client;
    mocks = fixture.mocks;
    events = fixture.events;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void permissionSet_isCreatedInSandbox_andStateCarriesItsArn() {
    Mocks.ResourceResult result = register(SandboxMocks.PERMISSION_SET, "set",
        Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader", "sessionDuration", "PT4H"));

    String arn = (String) state(result).get("arn");
    assertThat(arn).startsWith("arn:aws:sso:::permissionSet/");
    assertThat(result.id).contains(arn + "," + sandbox.instanceArn());
    assertThat(client.describePermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(arn))
        .permissionSet().name()).isEqualTo("CostReader");
    assertThat(events).containsExactly(new ResourceEvent(SandboxMocks.PERMISSION_SET, "set", Change.CREATED,
        "CreatePermissionSet " + arn));
  }

  @Test
  void sameResourceWithSameInputs_secondTime_makesNoCallAndKeepsState() {
    Map<String, Object> inputs = Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader");
    Mocks.ResourceResult first = register(SandboxMocks.PERMISSION_SET, "set", inputs);
    int requestsBefore = sandbox.requests().size();

    Mocks.ResourceResult second = register(SandboxMocks.PERMISSION_SET, "set", inputs);

    assertThat(sandbox.requests()).hasSize(requestsBefore);
    assertThat(second.id).isEqualTo(first.id);
    assertThat(state(second).get("arn")).isEqualTo(state(first).get("arn"));
    assertThat(events).extracting(ResourceEvent::change).containsExactly(Change.CREATED, Change.UNCHANGED);
  }

  @Test
  void changedSessionDuration_updatesTheSameSet() {
    register(SandboxMocks.PERMISSION_SET, "set",
        Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader", "sessionDuration", "PT1H"));

    Mocks.ResourceResult updated = register(SandboxMocks.PERMISSION_SET, "set",
        Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader", "sessionDuration", "PT8H"));

    String arn = (String) state(updated).get("arn");
    assertThat(operations()).containsOnlyOnce("CreatePermissionSet").contains("UpdatePermissionSet");
    assertThat(client.describePermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(arn))
        .permissionSet().sessionDuration()).isEqualTo("PT8H");
    assertThat(events).extracting(ResourceEvent::change).containsExactly(Change.CREATED, Change.UPDATED);
    // as terraform-provider-aws: an update of description, relay state or session duration provisions ALL accounts
    assertThat(allProvisionedRequests()).isEqualTo(1);
    assertThat(operations()).contains("DescribePermissionSetProvisioningStatus");
  }

  @Test
  void permissionSetCreate_orTagsOnlyChange_provisionsNothing() {
    register(SandboxMocks.PERMISSION_SET, "set",
        Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader", "tags", Map.of("team", "a")));
    register(SandboxMocks.PERMISSION_SET, "set",
        Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader", "tags", Map.of("team", "b")));

    assertThat(operations()).doesNotContain("UpdatePermissionSet", "ProvisionPermissionSet");
    assertThat(events).extracting(ResourceEvent::detail).last().asString().contains("no provisioning");
  }

  @Test
  void preview_makesNoWriteAndRemembersNothing() {
    mocks.preview(true);
    Mocks.ResourceResult planned = register(SandboxMocks.PERMISSION_SET, "set",
        Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader"));

    assertThat(operations()).doesNotContain("CreatePermissionSet");
    assertThat(state(planned)).doesNotContainKey("arn");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.change()).isEqualTo(Change.CREATED);
      assertThat(e.detail()).isEqualTo("(planned)");
    });

    mocks.preview(false);
    register(SandboxMocks.PERMISSION_SET, "set", Map.of("instanceArn", sandbox.instanceArn(), "name", "CostReader"));
    assertThat(events).extracting(ResourceEvent::change).containsExactly(Change.CREATED, Change.CREATED);
  }

  @Test
  void changedInlinePolicy_isPutAgain_andPulumiAwsProvisionsEveryAccountOfTheSet() throws InterruptedException {
    String arn = createSet("set");
    String account = "111111111111";
    register(SandboxMocks.INLINE_POLICY, "inline", inline(arn, "ce:GetCostAndUsage"));
    provisionAndWait(arn, account);

    register(SandboxMocks.INLINE_POLICY, "inline", inline(arn, "ce:GetCostForecast"));

    assertThat(operations().stream().filter("PutInlinePolicyToPermissionSet"::equals)).hasSize(2);
    assertThat(client.getInlinePolicyForPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(arn)).inlinePolicy()).contains("ce:GetCostForecast");
    // create and update each provisioned ALL_PROVISIONED_ACCOUNTS and waited, so the account runs the latest version
    assertThat(allProvisionedRequests()).isEqualTo(2);
    assertThat(client.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(arn).provisioningStatus("LATEST_PERMISSION_SET_NOT_PROVISIONED")).accountIds())
        .isEmpty();
    assertThat(events).extracting(ResourceEvent::change).endsWith(Change.CREATED, Change.UPDATED);
    assertThat(events).last().extracting(ResourceEvent::detail).asString()
        .contains("ProvisionPermissionSet ALL_PROVISIONED_ACCOUNTS").contains("SUCCEEDED");
  }

  @Test
  void managedAndCustomerManagedPoliciesAndBoundary_areAttachedToTheSet() {
    String arn = createSet("set");

    Mocks.ResourceResult managed = register(SandboxMocks.MANAGED_POLICY_ATTACHMENT, "managed",
        Map.of("instanceArn", sandbox.instanceArn(), "permissionSetArn", arn,
            "managedPolicyArn", "arn:aws:iam::aws:policy/ReadOnlyAccess"));
    register(SandboxMocks.CUSTOMER_MANAGED_POLICY_ATTACHMENT, "customer",
        Map.of("instanceArn", sandbox.instanceArn(), "permissionSetArn", arn,
            "customerManagedPolicyReference", Map.of("name", SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    register(SandboxMocks.PERMISSIONS_BOUNDARY_ATTACHMENT, "boundary",
        Map.of("instanceArn", sandbox.instanceArn(), "permissionSetArn", arn, "permissionsBoundary",
            Map.of("customerManagedPolicyReference",
                Map.of("name", SandboxSeed.DEFAULT_BOUNDARY_POLICY, "path", "/boundaries/"))));

    assertThat(state(managed).get("managedPolicyName")).isEqualTo("ReadOnlyAccess");
    assertThat(client.listManagedPoliciesInPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(arn)).attachedManagedPolicies()).extracting(p -> p.arn())
        .containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess");
    assertThat(client.listCustomerManagedPolicyReferencesInPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(arn)).customerManagedPolicyReferences()).extracting(p -> p.path() + p.name())
        .containsExactly("/" + SandboxSeed.DEFAULT_READ_ONLY_POLICY);
    assertThat(client.getPermissionsBoundaryForPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(arn)).permissionsBoundary().customerManagedPolicyReference().name())
        .isEqualTo(SandboxSeed.DEFAULT_BOUNDARY_POLICY);
    assertThat(allProvisionedRequests()).as("one ALL_PROVISIONED_ACCOUNTS provisioning per create").isEqualTo(3);
  }

  @Test
  void pulumiAwsProvisioningFailed_failsTheResourceWithTheReason_andTheNextRunMakesNoCall() throws Exception {
    // Given a set provisioned to the account that lacks the customer managed policy
    String arn = createSet("set");
    String missing = SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES;
    provisionAndWait(arn, missing);
    Map<String, Object> attachment = Map.of("instanceArn", sandbox.instanceArn(), "permissionSetArn", arn,
        "customerManagedPolicyReference", Map.of("name", SandboxSeed.DEFAULT_READ_ONLY_POLICY));

    // When the policy is attached, pulumi-aws's own ALL_PROVISIONED_ACCOUNTS provisioning FAILS there
    assertThatThrownBy(() -> register(SandboxMocks.CUSTOMER_MANAGED_POLICY_ATTACHMENT, "customer", attachment))
        .isInstanceOf(CompletionException.class)
        .cause().hasMessageContaining("unexpected state 'FAILED'").hasMessageContaining(missing);
    int requests = sandbox.requests().size();

    // Then, as terraform-provider-aws saves the attachment before provisioning, the next run sees no change
    register(SandboxMocks.CUSTOMER_MANAGED_POLICY_ATTACHMENT, "customer", attachment);
    assertThat(sandbox.requests()).hasSize(requests);
    assertThat(events).extracting(ResourceEvent::change).endsWith(Change.UNCHANGED);
  }

  @Test
  void accountAssignment_waitsUntilCreated_andProvisionsTheSetToTheAccount() {
    String arn = createSet("set");
    String principal = sandbox.seed().users().get(0);

    Mocks.ResourceResult result = register(SandboxMocks.ACCOUNT_ASSIGNMENT, "assignment",
        Map.of("instanceArn", sandbox.instanceArn(), "permissionSetArn", arn, "principalId", principal,
            "principalType", "USER", "targetId", "111111111111", "targetType", "AWS_ACCOUNT"));

    assertThat(result.id).contains(String.join(",", "111111111111", "AWS_ACCOUNT", arn, "USER", principal,
        sandbox.instanceArn()));
    assertThat(client.listAccountAssignments(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(arn)
        .accountId("111111111111")).accountAssignments()).extracting(a -> a.principalId()).containsExactly(principal);
    assertThat(events.get(events.size() - 1).detail()).endsWith("SUCCEEDED");
  }

  @Test
  void getInstancesInvoke_listsTheSandboxInstance() {
    Map<String, Object> result = mocks.callAsync(new Mocks.CallArgs(SandboxMocks.GET_INSTANCES, ImmutableMap.of(),
        null)).join();

    assertThat(result).containsEntry("arns", List.of(sandbox.instanceArn()))
        .containsEntry("identityStoreIds", List.of(sandbox.identityStoreId()));
  }

  @Test
  void componentType_getsEmptyState_withoutAnyCall() {
    Mocks.ResourceResult result = register(SandboxMocks.COMPONENT_TYPE, "provisioning", Map.of());

    assertThat(result.id).isEmpty();
    assertThat(state(result)).isEmpty();
    assertThat(sandbox.requests()).isEmpty();
  }

  @Test
  void unknownType_failsNamingTheTypeAndWhatIsEmulated() {
    assertThatThrownBy(() -> register("aws:s3/bucket:Bucket", "logs", Map.of()))
        .hasRootCauseInstanceOf(UnsupportedOperationException.class)
        .rootCause().hasMessageContaining("aws:s3/bucket:Bucket 'logs'")
        .hasMessageContaining(SandboxMocks.PERMISSION_SET);
  }

  @Test
  void unknownInvoke_failsNamingTheToken() {
    assertThatThrownBy(() -> mocks.callAsync(new Mocks.CallArgs("aws:index/getRegion:getRegion",
        ImmutableMap.of(), null)).join())
        .rootCause().hasMessageContaining("aws:index/getRegion:getRegion");
  }

  @Test
  void missingRequiredInput_failsNamingTheInput() {
    assertThatThrownBy(() -> register(SandboxMocks.PERMISSION_SET, "set", Map.of("name", "x")))
        .isInstanceOf(CompletionException.class)
        .rootCause().hasMessageContaining("'set'").hasMessageContaining("input 'instanceArn' is required");
  }

  @Test
  void awsError_isReportedWithTheOperationAndResource() {
    assertThatThrownBy(() -> register(SandboxMocks.INLINE_POLICY, "inline", inline(
        "arn:aws:sso:::permissionSet/ssoins-72230f1e5a6b4c3d/ps-0000000000000000", "ce:GetCostAndUsage")))
        .isInstanceOf(CompletionException.class)
        .cause().hasMessageContaining("PutInlinePolicyToPermissionSet for 'inline' failed: Could not find PermissionSet");
  }

  private String createSet(String name) {
    return (String) state(register(SandboxMocks.PERMISSION_SET, name,
        Map.of("instanceArn", sandbox.instanceArn(), "name", "Set" + name))).get("arn");
  }

  private Map<String, Object> inline(String setArn, String action) {
    return Map.of("instanceArn", sandbox.instanceArn(), "permissionSetArn", setArn, "inlinePolicy",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"" + action
            + "\"],\"Resource\":\"*\"}]}");
  }

  private void provisionAndWait(String setArn, String account) throws InterruptedException {
    String requestId = client.provisionPermissionSet(r -> r.instanceArn(sandbox.instanceArn())
        .permissionSetArn(setArn).targetType("AWS_ACCOUNT").targetId(account))
        .permissionSetProvisioningStatus().requestId();
    PermissionSetProvisioningStatus status;
    long deadline = System.nanoTime() + 10_000_000_000L;
    do {
      Thread.sleep(5);
      status = client.describePermissionSetProvisioningStatus(r -> r.instanceArn(sandbox.instanceArn())
          .provisionPermissionSetRequestId(requestId)).permissionSetProvisioningStatus();
    } while (status.statusAsString().equals("IN_PROGRESS") && System.nanoTime() < deadline);
    assertThat(status.statusAsString()).isEqualTo("SUCCEEDED");
  }

  private Mocks.ResourceResult register(String type, String name, Map<String, Object> inputs) {
    return mocks.newResourceAsync(new Mocks.ResourceArgs(type, name, inputs, null, null)).join();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> state(Mocks.ResourceResult result) {
    return (Map<String, Object>) result.state;
  }

  private long allProvisionedRequests() {
    return sandbox.provisioningRecords().stream().filter(r -> "ALL_PROVISIONED_ACCOUNTS".equals(r.targetType()))
        .count();
  }

  private List<String> operations() {
    return sandbox.requests().stream().map(RecordedRequest::operation).toList();
  }
}
