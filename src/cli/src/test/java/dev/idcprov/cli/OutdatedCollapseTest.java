package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * {@code provision --outdated} in-process against the sandbox over HTTP: a set whose every provisioned account is
 * outdated is updated with one ALL_PROVISIONED_ACCOUNTS request (the library's rule), one account up to date means
 * one request per outdated account, and {@code --per-account-requests} turns the collapse off; {@code check} stays
 * per account.
 */
class OutdatedCollapseTest {
  private static final int ACCOUNTS = 50;

  private SsoAdminSandbox sandbox;
  private SsoAdminClient admin;
  private String ps;
  private List<String> accounts;

  private final CliServices services = settings -> CliSandboxEndToEndTest.client(settings.endpoint().orElseThrow(),
      Region.of(settings.region().orElseThrow()));

  @BeforeEach
  void start() {
    sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(7).requestsPerSecond(1000)
        .generatedAccounts(ACCOUNTS).provisioningDuration(Duration.ofSeconds(2), Duration.ofSeconds(10)).build()
        .start();
    admin = CliSandboxEndToEndTest.client(sandbox.endpoint(), Region.US_EAST_1);
    ps = admin.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Outdated")).permissionSet()
        .permissionSetArn();
    accounts = sandbox.accountIds();
    assertThat(accounts).hasSize(ACCOUNTS);
    CliRunner.Run first = cli("provision", "--permission-set-arn", ps, "--account", String.join(",", accounts));
    assertThat(first.exitCode()).as(first.err()).isZero();
    admin.putInlinePolicyToPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).permissionSetArn(ps)
        .inlinePolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\","
            + "\"Resource\":\"*\"}]}"));
  }

  @AfterEach
  void stop() {
    admin.close();
    sandbox.close();
  }

  private CliRunner.Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", sandbox.endpoint().toString(), "--region", "us-east-1"));
    if (args[0].equals("provision")) {
      all.addAll(List.of("--poll-interval", "20ms", "--max-poll-interval", "50ms"));
    }
    return CliRunner.run(services, all.toArray(String[]::new));
  }

  private List<ProvisioningRecord> recordsFrom(int from) {
    List<ProvisioningRecord> all = sandbox.provisioningRecords();
    return all.subList(from, all.size());
  }

  @Test
  void everyProvisionedAccountOutdated_isOneAllProvisionedAccountsRequest() {
    // check reports each account, not the set
    CliRunner.Run drift = cli("check", "--permission-set-arn", ps);
    assertThat(drift.exitCode()).as(drift.err()).isEqualTo(ExitCodes.DRIFT);
    assertThat(accounts).allSatisfy(a -> assertThat(drift.out()).contains(a));
    int before = sandbox.provisioningRecords().size();

    CliRunner.Run run = cli("provision", "--outdated", "--permission-set-arn", ps, "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(recordsFrom(before)).singleElement().satisfies(r -> {
      assertThat(r.targetType()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
      assertThat(r.coveredAccounts()).hasSize(ACCOUNTS);
      assertThat(r.status()).isEqualTo("SUCCEEDED");
    });
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("endReason").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(doc.getAsJsonObject("plan").getAsJsonObject("covered").getAsJsonArray(ps)).hasSize(ACCOUNTS);
    CliRunner.Run check = cli("check", "--permission-set-arn", ps);
    assertThat(check.exitCode()).as(check.err()).isZero();
  }

  @Test
  void oneAccountUpToDate_orPerAccountRequests_isOneRequestPerOutdatedAccount() {
    CliRunner.Run one = cli("provision", "--permission-set-arn", ps, "--account", accounts.get(0));
    assertThat(one.exitCode()).as(one.err()).isZero();
    int before = sandbox.provisioningRecords().size();

    CliRunner.Run run = cli("provision", "--outdated", "--permission-set-arn", ps);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(recordsFrom(before)).hasSize(ACCOUNTS - 1).allSatisfy(r -> {
      assertThat(r.targetType()).isEqualTo("AWS_ACCOUNT");
      assertThat(r.accountId()).isNotEqualTo(accounts.get(0));
    });
  }

  @Test
  void perAccountRequests_turnsTheCollapseOff() {
    int before = sandbox.provisioningRecords().size();

    CliRunner.Run run = cli("provision", "--outdated", "--per-account-requests", "--permission-set-arn", ps);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(recordsFrom(before)).hasSize(ACCOUNTS).allSatisfy(r ->
        assertThat(r.targetType()).isEqualTo("AWS_ACCOUNT"));
  }
}
