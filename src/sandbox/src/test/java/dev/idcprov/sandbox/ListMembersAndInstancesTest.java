package dev.idcprov.sandbox;

import static dev.idcprov.sandbox.SandboxTestSupport.awaitTerminal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentForPrincipal;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetsProvisionedToAccountResponse;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.SsoAdminException;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

/** The absent-versus-empty rule on raw JSON and through the SDK, and the instance and principal operations. */
class ListMembersAndInstancesTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private String instance;

  @BeforeEach
  void start() {
    sandbox = SandboxTestSupport.fast().build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
    instance = sandbox.instanceArn();
  }

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private JsonObject raw(String operation, String body) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/"))
        .header("X-Amz-Target", "SWBExternalService." + operation)
        .header("Content-Type", "application/x-amz-json-1.1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  @Test
  void permissionSetsProvisionedToAccount_omitsTheMemberWhenNothingIsProvisioned_otherListsAnswerEmpty()
      throws Exception {
    String instanceOnly = "{\"InstanceArn\":\"" + instance + "\"}";
    String forAccount = "{\"InstanceArn\":\"" + instance + "\",\"AccountId\":\"" + A + "\"}";

    assertThat(raw("ListPermissionSetsProvisionedToAccount", forAccount).has("PermissionSets")).isFalse();
    assertThat(raw("ListPermissionSets", instanceOnly).getAsJsonArray("PermissionSets")).isEmpty();
    assertThat(raw("ListPermissionSetProvisioningStatus", instanceOnly)
        .getAsJsonArray("PermissionSetsProvisioningStatus")).isEmpty();
    ListPermissionSetsProvisionedToAccountResponse none =
        sso.listPermissionSetsProvisionedToAccount(r -> r.instanceArn(instance).accountId(A));
    assertThat(none.hasPermissionSets()).isFalse();

    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Ops")).permissionSet().permissionSetArn();
    awaitTerminal(sandbox, sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(A)).permissionSetProvisioningStatus().requestId());

    assertThat(raw("ListPermissionSetsProvisionedToAccount", forAccount).getAsJsonArray("PermissionSets"))
        .hasSize(1);
    assertThat(sso.listPermissionSetsProvisionedToAccount(r -> r.instanceArn(instance).accountId(A))
        .permissionSets()).containsExactly(ps);
  }

  @Test
  void listAccountAssignmentsForPrincipal_acrossAccounts_withAccountFilter_andPaging() {
    String group = sandbox.seed().groups().get(0);
    String other = sandbox.seed().groups().get(1);
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Ops")).permissionSet().permissionSetArn();
    for (String account : List.of(A, B)) {
      String id = sso.createAccountAssignment(r -> r.instanceArn(instance).permissionSetArn(ps).targetId(account)
          .targetType(TargetType.AWS_ACCOUNT).principalType(PrincipalType.GROUP).principalId(group))
          .accountAssignmentCreationStatus().requestId();
      SandboxTestSupport.await("assignment " + id, () -> !sso.describeAccountAssignmentCreationStatus(r -> r
          .instanceArn(instance).accountAssignmentCreationRequestId(id)).accountAssignmentCreationStatus().status()
          .toString().equals("IN_PROGRESS"));
    }

    List<AccountAssignmentForPrincipal> all = sso.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instance)
        .principalType(PrincipalType.GROUP).principalId(group)).accountAssignments();
    var firstPage = sso.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instance)
        .principalType(PrincipalType.GROUP).principalId(group).maxResults(1));
    var secondPage = sso.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instance)
        .principalType(PrincipalType.GROUP).principalId(group).maxResults(1).nextToken(firstPage.nextToken()));

    assertThat(all).extracting(AccountAssignmentForPrincipal::accountId).containsExactly(A, B);
    assertThat(all.get(0).permissionSetArn()).isEqualTo(ps);
    assertThat(all.get(0).principalTypeAsString()).isEqualTo("GROUP");
    assertThat(sso.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instance).principalType(PrincipalType.GROUP)
        .principalId(group).filter(f -> f.accountId(B))).accountAssignments())
        .extracting(AccountAssignmentForPrincipal::accountId).containsExactly(B);
    assertThat(sso.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instance).principalType(PrincipalType.GROUP)
        .principalId(other)).accountAssignments()).isEmpty();
    assertThat(firstPage.accountAssignments()).extracting(AccountAssignmentForPrincipal::accountId).containsExactly(A);
    assertThat(secondPage.accountAssignments()).extracting(AccountAssignmentForPrincipal::accountId)
        .containsExactly(B);
    assertThatThrownBy(() -> sso.listAccountAssignmentsForPrincipal(r -> r.instanceArn(instance)
        .principalType(PrincipalType.GROUP).principalId("not-an-id"))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("principalId");
  }

  @Test
  void describeAndUpdateInstance() {
    var described = sso.describeInstance(r -> r.instanceArn(instance));
    sso.updateInstance(r -> r.instanceArn(instance).name("renamed"));

    assertThat(described.identityStoreId()).isEqualTo(sandbox.identityStoreId());
    assertThat(described.statusAsString()).isEqualTo("ACTIVE");
    assertThat(described.name()).isEqualTo("sandbox");
    assertThat(sso.describeInstance(r -> r.instanceArn(instance)).name()).isEqualTo("renamed");
    assertThat(sso.listInstances(r -> {}).instances()).extracting(InstanceMetadata::name).containsExactly("renamed");
    assertThatThrownBy(() -> sso.updateInstance(r -> r.instanceArn(instance).name("bad name")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("'name'");
    assertThatThrownBy(() -> sso.describeInstance(r -> r.instanceArn("arn:aws:sso:::instance/ssoins-0000000000000000")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void createAndDeleteAnAccountInstance_idempotentByClientToken() {
    String arn = sso.createInstance(r -> r.name("team").clientToken("token-1")).instanceArn();
    String retried = sso.createInstance(r -> r.name("team").clientToken("token-1")).instanceArn();

    assertThat(retried).isEqualTo(arn);
    assertThat(sso.listInstances(r -> {}).instances()).extracting(InstanceMetadata::instanceArn)
        .containsExactly(instance, arn);
    assertThat(sso.describeInstance(r -> r.instanceArn(arn)).name()).isEqualTo("team");
    assertThatThrownBy(() -> sso.createInstance(r -> r.clientToken("token-2"))).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> sso.deleteInstance(r -> r.instanceArn(instance))).isInstanceOf(ConflictException.class);

    sso.deleteInstance(r -> r.instanceArn(arn));

    assertThat(sso.listInstances(r -> {}).instances()).extracting(InstanceMetadata::instanceArn)
        .containsExactly(instance);
  }

  @Test
  void applicationOperations_areUnknownOperation() {
    assertThatThrownBy(() -> sso.listApplications(r -> r.instanceArn(instance)))
        .isInstanceOfSatisfying(SsoAdminException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
        });
  }
}
