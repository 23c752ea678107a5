package dev.idcprov.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/** The control API's hold on completions: requests past their end stay IN_PROGRESS until released. */
class HoldCompletionsTest {
  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  @Test
  void heldRequest_staysInProgressPastItsEnd_andSucceedsOnRelease() throws InterruptedException {
    // Given a provisioning of 1 s (1 ms of wall clock) while completions are held
    sandbox = SandboxTestSupport.fast().provisioningDuration(Duration.ofSeconds(1), Duration.ofSeconds(1)).build()
        .start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
    String instance = sandbox.instanceArn();
    String ps = sso.createPermissionSet(r -> r.instanceArn(instance).name("Ops")).permissionSet().permissionSetArn();
    String account = sandbox.accountIds().get(0);
    sandbox.control().holdCompletions();
    String id = sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account)).permissionSetProvisioningStatus().requestId();

    // When its end has come (the sandbox holds its completion)
    long limit = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (sandbox.control().heldCompletions() == 0 && System.nanoTime() < limit) {
      Thread.sleep(5);
    }

    // Then it is still IN_PROGRESS, and SUCCEEDED as soon as the hold is released
    assertThat(sandbox.control().heldCompletions()).isEqualTo(1);
    assertThat(status(instance, id)).isEqualTo(StatusValues.IN_PROGRESS);
    sandbox.control().releaseCompletions();
    assertThat(sandbox.control().heldCompletions()).isZero();
    assertThat(status(instance, id)).isEqualTo(StatusValues.SUCCEEDED);
  }

  private StatusValues status(String instance, String id) {
    return sso.describePermissionSetProvisioningStatus(r -> r.instanceArn(instance)
        .provisionPermissionSetRequestId(id)).permissionSetProvisioningStatus().status();
  }
}
