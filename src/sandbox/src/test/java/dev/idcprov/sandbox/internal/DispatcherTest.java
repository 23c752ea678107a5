package dev.idcprov.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The operation table as the handler groups fill it. */
class DispatcherTest {

  @Test
  void everyOperation_isRegisteredOnce_byItsHandlerGroup_inTableOrder() {
    SandboxConfig config = new SandboxConfig(0, SandboxSeed.defaults(), 1.0, 1L, 20.0, Duration.ofSeconds(2),
        Duration.ofSeconds(30), null, "us-east-1", Clock.systemUTC());
    // SandboxFaults has no public constructor: borrow the live controls of an unstarted sandbox
    SandboxServer server = new SandboxServer(config, SsoAdminSandbox.builder().build().faults());
    try {
      assertThat(server.dispatcher().operations()).containsExactly(
          "ListInstances", "CreatePermissionSet", "DescribePermissionSet", "UpdatePermissionSet",
          "DeletePermissionSet", "ListPermissionSets",
          "PutInlinePolicyToPermissionSet", "GetInlinePolicyForPermissionSet", "DeleteInlinePolicyFromPermissionSet",
          "AttachManagedPolicyToPermissionSet", "DetachManagedPolicyFromPermissionSet",
          "ListManagedPoliciesInPermissionSet", "AttachCustomerManagedPolicyReferenceToPermissionSet",
          "DetachCustomerManagedPolicyReferenceFromPermissionSet",
          "ListCustomerManagedPolicyReferencesInPermissionSet", "PutPermissionsBoundaryToPermissionSet",
          "GetPermissionsBoundaryForPermissionSet", "DeletePermissionsBoundaryFromPermissionSet",
          "CreateAccountAssignment", "DeleteAccountAssignment", "ListAccountAssignments",
          "ListAccountAssignmentsForPrincipal",
          "DescribeAccountAssignmentCreationStatus", "DescribeAccountAssignmentDeletionStatus",
          "ListAccountAssignmentCreationStatus", "ListAccountAssignmentDeletionStatus",
          "ProvisionPermissionSet", "ListPermissionSetProvisioningStatus", "DescribePermissionSetProvisioningStatus",
          "ListAccountsForProvisionedPermissionSet", "ListPermissionSetsProvisionedToAccount",
          "TagResource", "UntagResource", "ListTagsForResource",
          "DescribeInstance", "UpdateInstance", "CreateInstance", "DeleteInstance");
    } finally {
      server.stop();
    }
  }

  @Test
  void secondRegistrationOfAName_isIllegalState() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.routes().add("ListInstances", req -> new JsonObject());

    assertThatThrownBy(() -> dispatcher.routes().add("ListInstances", req -> new JsonObject()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ListInstances");
  }

  @Test
  void unregisteredOperation_isUnknownOperation() {
    Dispatcher dispatcher = new Dispatcher();

    assertThat(dispatcher.operationOf("SWBExternalService.ListInstances")).isEmpty();
    assertThatThrownBy(() -> dispatcher.dispatch("ListInstances", new JsonObject()))
        .isInstanceOf(AwsError.class).satisfies(e -> assertThat(((AwsError) e).type())
            .isEqualTo("UnknownOperationException"));
  }
}
