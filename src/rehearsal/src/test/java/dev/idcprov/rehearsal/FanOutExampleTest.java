package dev.idcprov.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.StandInSts;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Runs the fan-out example's program unchanged against the sandbox, twice, as two {@code pulumi up}s. */
class FanOutExampleTest {
  private static final String PROJECT = "idcprov-fan-out";

  @Test
  void fanOut_provisionsEverySetToItsAccounts_thenNothingOnReRun() {
    Map<String, String> savedCredentials = Rehearsal.useDummyCredentials();
    try (StandInSts sts = Rehearsal.standInSts();
         SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(50).randomSeed(11).build().start();
         SandboxMocks mocks = SandboxMocks.forEndpoint(sandbox.endpoint(), event -> { }, 50)) {
      String group = sandbox.seed().groups().get(0);
      Map<String, String> config = Map.of(
          "aws:region", "us-east-1",
          "aws:endpoints", sts.endpointsConfig(),
          PROJECT + ":accountIds", "[\"111111111111\",\"222222222222\",\"333333333333\"]",
          PROJECT + ":auditAccountIds", "[\"555555555555\",\"666666666666\",\"777777777777\",\"888888888888\"]",
          PROJECT + ":developersGroupId", group,
          PROJECT + ":auditorsGroupId", group,
          PROJECT + ":ssoAdminEndpoint", sandbox.endpoint().toString(),
          PROJECT + ":pollIntervalSeconds", "1");

      ProgramRun.Outcome first = ProgramRun.run(ProgramRun.program("dev.idcprov.examples.fanout.App"), PROJECT,
          "dev", config, mocks, line -> { });

      assertThat(first.succeeded()).as("first run %s", first).isTrue();
      assertThat(first.outputs()).containsEntry("failedCount", 0);
      try (SsoAdminClient client = SandboxMocks.sandboxClient(sandbox.endpoint())) {
        Map<String, List<String>> provisioned = new TreeMap<>();
        for (String arn : client.listPermissionSets(r -> r.instanceArn(sandbox.instanceArn())).permissionSets()) {
          String name = client.describePermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(arn))
              .permissionSet().name();
          provisioned.put(name, client.listAccountsForProvisionedPermissionSet(r -> r
              .instanceArn(sandbox.instanceArn()).permissionSetArn(arn)).accountIds().stream().sorted().toList());
        }
        assertThat(provisioned).containsExactlyInAnyOrderEntriesOf(Map.of(
            "AuditReadOnly", List.of("555555555555", "666666666666", "777777777777", "888888888888"),
            "BillingViewer", List.of("111111111111", "222222222222", "333333333333"),
            "Developer", List.of("111111111111", "222222222222", "333333333333")));
      }
      assertThat((String) first.outputs().get("auditSummary")).contains("4 account(s) up to date");

      int before = sandbox.provisioningRecords().size();
      ProgramRun.Outcome second = ProgramRun.run(ProgramRun.program("dev.idcprov.examples.fanout.App"), PROJECT,
          "dev", config, mocks, line -> { });

      assertThat(second.succeeded()).as("second run %s", second).isTrue();
      assertThat(second.outputs()).containsEntry("requestCount", 0);
      assertThat(sandbox.provisioningRecords()).hasSize(before);
    } finally {
      Rehearsal.restore(savedCredentials);
    }
  }
}
