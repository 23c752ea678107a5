package dev.idcprov.pulumi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain-valued inputs are rejected when set, with a message naming the input; build() names missing ones. */
class PermissionSetProvisioningArgsTest {
  private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  private static final String PS = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";

  @Test
  void build_withoutInstanceArn_namesIt() {
    assertThatThrownBy(() -> PermissionSetProvisioningArgs.builder().permissionSetArns(PS).accountIds("111111111111")
        .build()).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("instanceArn is required");
  }

  @Test
  void build_withoutPermissionSets_namesThem() {
    assertThatThrownBy(() -> PermissionSetProvisioningArgs.builder().instanceArn(INSTANCE).accountIds("111111111111")
        .build()).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("permissionSetArns is required");
  }

  @Test
  void build_withoutTargets_namesBothTargetInputs() {
    assertThatThrownBy(() -> PermissionSetProvisioningArgs.builder().instanceArn(INSTANCE).permissionSetArns(PS)
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("accountIds")
        .hasMessageContaining("allProvisionedAccounts");
  }

  @Test
  void badPlainValues_areRejectedWhenSet_namingTheInput() {
    var b = PermissionSetProvisioningArgs.builder();
    assertThatThrownBy(() -> b.instanceArn("arn:aws:sso:::instance/nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("instanceArn 'arn:aws:sso:::instance/nope'");
    assertThatThrownBy(() -> b.permissionSetArns(List.of())).hasMessageStartingWith("permissionSetArns must not be empty");
    assertThatThrownBy(() -> b.accountIds("1234")).hasMessageStartingWith("accountIds[0] '1234' is not valid");
    assertThatThrownBy(() -> b.accountIds("111111111111", "111111111111")).hasMessageContaining("accountIds[1] repeats");
    assertThatThrownBy(() -> b.timeoutSeconds(0)).hasMessageStartingWith("timeoutSeconds must be between 1");
    assertThatThrownBy(() -> b.pollIntervalSeconds(-1)).hasMessageStartingWith("pollIntervalSeconds must be between 1");
    assertThatThrownBy(() -> b.maxRequestsPerSecond(25)).hasMessageStartingWith("maxRequestsPerSecond must be between 0.001");
    assertThatThrownBy(() -> b.region("Europe")).hasMessageStartingWith("region 'Europe' is not valid");
    assertThatThrownBy(() -> b.profile(" ")).hasMessageStartingWith("profile must not be blank");
    assertThatThrownBy(() -> b.endpoint("localhost:4566")).hasMessageStartingWith("endpoint 'localhost:4566' is not valid");
  }

  @Test
  void build_keepsEveryInput() {
    PermissionSetProvisioningArgs args = PermissionSetProvisioningArgs.builder().instanceArn(INSTANCE)
        .permissionSetArns(PS).allProvisionedAccounts(true).force(true).timeoutSeconds(60).pollIntervalSeconds(2)
        .maxRequestsPerSecond(10).region("eu-west-1").profile("ops").endpoint("http://127.0.0.1:4566")
        .collapseToAllProvisionedAccounts(false).build();

    assertThat(args.instanceArn()).isNotNull();
    assertThat(args.accountIds()).isEmpty();
    assertThat(args.allProvisionedAccounts()).isPresent();
    assertThat(args.force()).isPresent();
    assertThat(args.collapseToAllProvisionedAccounts()).isPresent();
    assertThat(args.timeoutSeconds()).isPresent();
    assertThat(args.pollIntervalSeconds()).isPresent();
    assertThat(args.maxRequestsPerSecond()).isPresent();
    assertThat(args.region()).isPresent();
    assertThat(args.profile()).isPresent();
    assertThat(args.endpoint()).isPresent();
  }
}
