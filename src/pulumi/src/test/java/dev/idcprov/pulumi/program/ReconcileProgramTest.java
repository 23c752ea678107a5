package dev.idcprov.pulumi.program;

import static dev.idcprov.pulumi.PulumiSandboxSupport.admin;
import static dev.idcprov.pulumi.PulumiSandboxSupport.count;
import static dev.idcprov.pulumi.PulumiSandboxSupport.createPermissionSet;
import static dev.idcprov.pulumi.PulumiSandboxSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.pulumi.PulumiSandboxSupport;
import dev.idcprov.pulumi.PulumiSandboxSupport.SandboxMocks;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.waiter.ProvisioningContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** The root program in Pulumi's test runtime, configured through stack config, against the sandbox. */
class ReconcileProgramTest {
  private SsoAdminSandbox sandbox;
  private final ProvisioningContext context = PulumiSandboxSupport.context();
  private SsoAdminClient sso;
  private String admins;
  private String readers;

  @BeforeEach
  void startSandbox() {
    sandbox = PulumiSandboxSupport.sandbox(Duration.ofSeconds(2), Duration.ofSeconds(30));
    sso = admin(sandbox);
    admins = createPermissionSet(sso, sandbox.instanceArn(), "Admins");
    readers = createPermissionSet(sso, sandbox.instanceArn(), "Readers");
  }

  @AfterEach
  void stopSandbox() {
    sso.close();
    sandbox.close();
    context.close();
  }

  private Map<String, String> config(String permissionSets) {
    Map<String, String> config = new HashMap<>();
    config.put("aws:region", "us-east-1");
    config.put("idcprov:instanceArn", sandbox.instanceArn());
    config.put("idcprov:permissionSets", permissionSets);
    config.put("idcprov:endpoint", sandbox.endpoint().toString());
    config.put("idcprov:timeoutSeconds", "600");
    return config;
  }

  @Test
  void stack_createsOneComponentPerEntry_andExportsResults() {
    // Given two permission sets in stack config, one with accounts, one named
    String sets = "[{\"arn\":\"" + admins + "\",\"accounts\":[\"111111111111\",\"222222222222\"]},"
        + "{\"name\":\"readers\",\"arn\":\"" + readers + "\",\"accounts\":[\"333333333333\"],\"force\":true}]";

    // When the program runs in an update
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), config(sets), ctx -> ReconcileProgram.stack(ctx, context));

    // Then one component per entry provisions its accounts, and the stack exports the totals and rows
    assertThat(result.exceptions()).isEmpty();
    assertThat(result.resources()).filteredOn(r -> r instanceof PermissionSetProvisioning)
        .extracting(r -> r.pulumiResourceName())
        .containsExactlyInAnyOrder(admins.substring(admins.lastIndexOf('/') + 1), "readers");
    assertThat(count(sandbox, "ProvisionPermissionSet")).isEqualTo(3);
    assertThat(PulumiTest.extractValue(result.output("requestCount"))).isEqualTo(3);
    assertThat(PulumiTest.extractValue(result.output("failedCount"))).isEqualTo(0);
    @SuppressWarnings("unchecked")
    List<Map<String, String>> rows = (List<Map<String, String>>) PulumiTest.extractValue(result.output("results"));
    assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row).containsEntry("status", "SUCCEEDED"));
    assertThat(rows).filteredOn(row -> row.get("component").equals("readers")).singleElement()
        .satisfies(row -> assertThat(row).containsEntry("accountId", "333333333333"));
    @SuppressWarnings("unchecked")
    Map<String, String> summaries = (Map<String, String>) PulumiTest.extractValue(result.output("summaries"));
    assertThat(summaries).containsEntry("readers", "1 account(s) provisioned, 0 up to date");
  }

  @Test
  void stack_withBadEntry_failsNamingTheConfigKey_beforeAnyCall() {
    // Given an entry with both accounts and allProvisionedAccounts
    String sets = "[{\"arn\":\"" + admins + "\",\"accounts\":[\"111111111111\"],\"allProvisionedAccounts\":true}]";
    int before = sandbox.requests().size();

    // When the program runs
    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), config(sets), ctx -> ReconcileProgram.stack(ctx, context));

    // Then it fails naming the entry, and nothing was declared or called
    assertThat(result.exceptions()).anySatisfy(e -> assertThat(e.getMessage())
        .contains("stack config idcprov:permissionSets[0]: give either accounts or allProvisionedAccounts"));
    assertThat(result.resources()).noneMatch(r -> r instanceof PermissionSetProvisioning);
    assertThat(sandbox.requests()).hasSize(before);
  }

  @Test
  void stack_withoutInstanceArn_failsNamingTheKey() {
    Map<String, String> config = config("[]");
    config.remove("idcprov:instanceArn");

    TestResult result = run(false, new SandboxMocks(sandbox, Duration.ZERO), config, ctx -> ReconcileProgram.stack(ctx, context));

    assertThat(result.exceptions()).anySatisfy(e -> assertThat(e.getMessage())
        .contains("stack config idcprov:instanceArn is required"));
  }
}
