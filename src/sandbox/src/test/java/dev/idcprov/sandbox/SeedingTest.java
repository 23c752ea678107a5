package dev.idcprov.sandbox;

import static dev.idcprov.sandbox.SandboxTestSupport.awaitTerminal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSetProvisioningStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisioningStatus;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/** The control API's test facilities that seed a large instance: status history and provisioned accounts. */
class SeedingTest {
  private static final String A = "111111111111";
  private static final String B = "222222222222";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;
  private String instance;

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private String start() {
    sandbox = SandboxTestSupport.fast().build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
    instance = sandbox.instanceArn();
    return sso.createPermissionSet(r -> r.instanceArn(instance).name("Ops")).permissionSet().permissionSetArn();
  }

  @Test
  void seededHistory_isListedAndDescribedAsFinishedRequests_withoutAnyApiCall() {
    String ps = start();

    List<String> ok = sandbox.control().seedHistory(ps, 3, null);
    List<String> failed = sandbox.control().seedHistory(ps, 2, "seeded failure");

    assertThat(sandbox.requests()).noneMatch(r -> r.operation().equals("ProvisionPermissionSet"));
    List<PermissionSetProvisioningStatusMetadata> all = sso.listPermissionSetProvisioningStatusPaginator(r -> r
        .instanceArn(instance)).permissionSetsProvisioningStatus().stream().toList();
    assertThat(all).extracting(PermissionSetProvisioningStatusMetadata::requestId)
        .containsExactlyElementsOf(concat(ok, failed));
    assertThat(sso.listPermissionSetProvisioningStatus(r -> r.instanceArn(instance)
        .filter(f -> f.status(StatusValues.FAILED))).permissionSetsProvisioningStatus())
        .extracting(PermissionSetProvisioningStatusMetadata::requestId).containsExactlyElementsOf(failed);
    assertThat(sso.describePermissionSetProvisioningStatus(r -> r.instanceArn(instance)
        .provisionPermissionSetRequestId(failed.get(0))).permissionSetProvisioningStatus().failureReason())
        .isEqualTo("seeded failure");
    assertThat(sandbox.provisioningRecords()).hasSize(5).allMatch(ProvisioningRecord::isTerminal);
  }

  @Test
  void seededProvisionedAccounts_areOutdatedByAChange_andCoveredByAllProvisionedAccounts() {
    String ps = start();

    sandbox.control().seedProvisioned(ps, List.of(A, B));
    assertThat(provisioned(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactly(A, B);
    sso.putInlinePolicyToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).inlinePolicy(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
            + "\"Resource\":\"*\"}]}"));
    assertThat(provisioned(ps, ProvisioningStatus.LATEST_PERMISSION_SET_NOT_PROVISIONED)).containsExactly(A, B);
    String id = sso.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.ALL_PROVISIONED_ACCOUNTS)).permissionSetProvisioningStatus().requestId();

    assertThat(awaitTerminal(sandbox, id).coveredAccounts()).containsExactly(A, B);
    assertThat(provisioned(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).containsExactly(A, B);
  }

  @Test
  void seedingAnUnknownSetOrAccount_isRefusedNamingIt() {
    String ps = start();

    assertThatThrownBy(() -> sandbox.control().seedHistory(ps + "x", 1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permissionSetArn");
    assertThatThrownBy(() -> sandbox.control().seedHistory(ps, -1, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
    assertThatThrownBy(() -> sandbox.control().seedProvisioned(ps, List.of("123456789012")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("123456789012");
    assertThat(provisioned(ps, ProvisioningStatus.LATEST_PERMISSION_SET_PROVISIONED)).isEmpty();
  }

  private List<String> provisioned(String ps, ProvisioningStatus status) {
    return sso.listAccountsForProvisionedPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .provisioningStatus(status)).accountIds();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
