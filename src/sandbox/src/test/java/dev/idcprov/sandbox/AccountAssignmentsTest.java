package dev.idcprov.sandbox;

import static dev.idcprov.sandbox.SandboxTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;

/** Account assignments provision implicitly and keep their own creation and deletion statuses. */
class AccountAssignmentsTest {
  private static final String ACCOUNT = "555555555555";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private String instance;
  private String user;

  @BeforeEach
  void start() {
    sandbox = SandboxTestSupport.fast().build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
    instance = sandbox.instanceArn();
    user = sandbox.seed().users().get(0);
  }

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private AccountAssignmentOperationStatus creation(String id) {
    return sso.describeAccountAssignmentCreationStatus(r -> r.instanceArn(instance)
        .accountAssignmentCreationRequestId(id)).accountAssignmentCreationStatus();
  }

  private AccountAssignmentOperationStatus deletion(String id) {
    return sso.describeAccountAssignmentDeletionStatus(r -> r.instanceArn(instance)
        .accountAssignmentDeletionRequestId(id)).accountAssignmentDeletionStatus();
  }

  private AccountAssignmentOperationStatus awaitCreation(String id) {
    await("creation " + id, () -> creation(id).status() != StatusValues.IN_PROGRESS);
    return creation(id);
  }

  @Test
  void createAssignment_provisionsImplicitly_andIsListed_thenDeleteDeprovisions() {
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Assigned")).permissionSet()
        .permissionSetArn();

    AccountAssignmentOperationStatus submitted = sso.createAccountAssignment(r -> r.instanceArn(instance)
        .permissionSetArn(ps).targetId(ACCOUNT).targetType(TargetType.AWS_ACCOUNT)
        .principalType(PrincipalType.USER).principalId(user)).accountAssignmentCreationStatus();
    assertThat(submitted.status()).isEqualTo(StatusValues.IN_PROGRESS);
    AccountAssignmentOperationStatus created = awaitCreation(submitted.requestId());

    assertThat(created.status()).isEqualTo(StatusValues.SUCCEEDED);
    assertThat(created.targetId()).isEqualTo(ACCOUNT);
    assertThat(created.principalId()).isEqualTo(user);
    assertThat(created.permissionSetArn()).isEqualTo(ps);
    assertThat(created.createdDate()).isNotNull();
    assertThat(sso.listAccountAssignments(r -> r.instanceArn(instance).accountId(ACCOUNT).permissionSetArn(ps))
        .accountAssignments()).singleElement().satisfies(a -> {
          assertThat(a.principalId()).isEqualTo(user);
          assertThat(a.principalTypeAsString()).isEqualTo("USER");
        });
    assertThat(sso.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .provisioningStatus(ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).accountIds())
        .containsExactly(ACCOUNT);
    assertThat(sso.listAccountAssignmentCreationStatus(r -> r.instanceArn(instance)
        .filter(f -> f.status(StatusValues.SUCCEEDED))).accountAssignmentsCreationStatus())
        .extracting(AccountAssignmentOperationStatusMetadata::requestId).containsExactly(submitted.requestId());
    assertThatThrownBy(() -> sso.deletePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)))
        .isInstanceOf(ConflictException.class);

    String deletionId = sso.deleteAccountAssignment(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetId(ACCOUNT).targetType(TargetType.AWS_ACCOUNT).principalType(PrincipalType.USER).principalId(user))
        .accountAssignmentDeletionStatus().requestId();
    await("deletion", () -> deletion(deletionId).status() == StatusValues.SUCCEEDED);

    assertThat(sso.listAccountAssignmentDeletionStatus(r -> r.instanceArn(instance)).accountAssignmentsDeletionStatus())
        .extracting(AccountAssignmentOperationStatusMetadata::requestId).containsExactly(deletionId);
    assertThat(sso.listAccountAssignments(r -> r.instanceArn(instance).accountId(ACCOUNT).permissionSetArn(ps))
        .accountAssignments()).isEmpty();
    assertThat(sso.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps))
        .accountIds()).isEmpty();
    sso.deletePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps));
  }

  @Test
  void assignmentToSuspendedAccount_failsWithReason() {
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Suspended")).permissionSet()
        .permissionSetArn();

    String id = sso.createAccountAssignment(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetId(SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT).targetType(TargetType.AWS_ACCOUNT)
        .principalType(PrincipalType.GROUP).principalId(sandbox.seed().groups().get(0)))
        .accountAssignmentCreationStatus().requestId();
    AccountAssignmentOperationStatus done = awaitCreation(id);

    assertThat(done.status()).isEqualTo(StatusValues.FAILED);
    assertThat(done.failureReason()).isEqualTo("Request to provision the permission set in account "
        + SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT + " takes longer than usual. Please try again.");
    assertThat(sso.listAccountAssignments(r -> r.instanceArn(instance)
        .accountId(SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT).permissionSetArn(ps)).accountAssignments()).isEmpty();
  }

  @Test
  void deletingAnAssignmentThatDoesNotExist_isNotFound_andUnknownRequestIdIsNotFound() {
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("None")).permissionSet().permissionSetArn();

    assertThatThrownBy(() -> sso.deleteAccountAssignment(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetId(ACCOUNT).targetType(TargetType.AWS_ACCOUNT).principalType(PrincipalType.USER).principalId(user)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> creation("00000000-0000-4000-8000-000000000000"))
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
