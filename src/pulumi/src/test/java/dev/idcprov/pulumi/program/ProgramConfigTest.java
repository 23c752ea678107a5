package dev.idcprov.pulumi.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pulumi.Config;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading and checking the root program's stack config. */
class ProgramConfigTest {
  private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
  private static final String PS = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef";

  @AfterEach
  void cleanup() {
    PulumiTestInternal.cleanup();
  }

  private static Config configOf(Map<String, String> values) {
    AtomicReference<Config> config = new AtomicReference<>();
    PulumiTestInternal.builder().config(values).build().runTest(ctx -> config.set(ctx.config()));
    return config.get();
  }

  @Test
  void read_parsesEntries_withDefaultNames() {
    ProgramConfig config = ProgramConfig.read(configOf(Map.of("project:instanceArn", INSTANCE,
        "project:permissionSets", "[{\"arn\":\"" + PS + "\",\"allProvisionedAccounts\":true,\"force\":true}]",
        "project:timeoutSeconds", "60", "project:endpoint", "")));

    assertThat(config.instanceArn()).isEqualTo(INSTANCE);
    assertThat(config.timeoutSeconds()).isEqualTo(60);
    assertThat(config.endpoint()).isNull();
    assertThat(config.permissionSets()).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("ps-0123456789abcdef");
      assertThat(e.allProvisionedAccounts()).isTrue();
      assertThat(e.force()).isTrue();
      assertThat(e.accounts()).isEmpty();
    });
  }

  @Test
  void read_rejectsBadValues_namingTheKey() {
    assertThatThrownBy(() -> ProgramConfig.read(configOf(Map.of("project:instanceArn", INSTANCE,
        "project:permissionSets", "[{\"arn\":\"" + PS + "\",\"accounts\":[\"12\"]}]"))))
        .hasMessageContaining("stack config project:permissionSets[0].accounts: accountIds[0] '12' is not valid");
    assertThatThrownBy(() -> ProgramConfig.read(configOf(Map.of("project:instanceArn", INSTANCE,
        "project:permissionSets", "[{\"arn\":\"" + PS + "\"}]"))))
        .hasMessageContaining("permissionSets[0]: targets are required");
    assertThatThrownBy(() -> ProgramConfig.read(configOf(Map.of("project:instanceArn", INSTANCE,
        "project:permissionSets", "[{\"arn\":\"" + PS + "\",\"allProvisionedAccounts\":true,\"acounts\":[]}]"))))
        .hasMessageContaining("permissionSets[0].acounts is not a known field");
    assertThatThrownBy(() -> ProgramConfig.read(configOf(Map.of("project:instanceArn", INSTANCE,
        "project:permissionSets", "{}"))))
        .hasMessageContaining("project:permissionSets must be a non-empty list of objects");
    assertThatThrownBy(() -> ProgramConfig.read(configOf(Map.of("project:instanceArn", "nope",
        "project:permissionSets", "[]"))))
        .hasMessageContaining("stack config project:instanceArn 'nope' is not valid");
    assertThatThrownBy(() -> ProgramConfig.read(configOf(Map.of("project:instanceArn", INSTANCE,
        "project:permissionSets", "[{\"arn\":\"" + PS + "\",\"allProvisionedAccounts\":true}]",
        "project:pollIntervalSeconds", "0"))))
        .hasMessageContaining("stack config project:pollIntervalSeconds must be between 1 and 60");
  }
}
