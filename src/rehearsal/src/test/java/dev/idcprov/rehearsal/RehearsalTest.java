package dev.idcprov.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import com.pulumi.Context;
import com.pulumi.aws.ssoadmin.PermissionSet;
import com.pulumi.aws.ssoadmin.PermissionSetArgs;
import com.pulumi.resources.ComponentResourceOptions;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.pulumi.PermissionSetProvisioningArgs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the whole rehearsal on the quickstart example's program, as {@code ./rehearse} does. */
class RehearsalTest {

  @Test
  void normalScenario_createsChangesAddsAccountsAndReRuns_andExitsZero() {
    Result result = rehearse("--time-scale", "50");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output)
        .startsWith("LOCAL REHEARSAL")
        .contains("=== Run 1", "+  aws:ssoadmin:PermissionSet", "+  idcprov:index:PermissionSetProvisioning")
        .contains("Previewing update (rehearsal):", "+  pulumi:pulumi:Stack", "(wall time)", "faster than AWS")
        .contains("preview as account 123456789012 (arn:aws:sts::123456789012:assumed-role/IdentityCenterAdmin/")
        .contains("~  aws:ssoadmin:PermissionSetInlinePolicy", "ProvisionPermissionSet ALL_PROVISIONED_ACCOUNTS")
        .contains("nothing to provision: 3 account(s) up to date")
        .contains("2 account(s) provisioned, 3 up to date")
        .contains("outside Pulumi: PutInlinePolicyToPermissionSet",
            "1 ALL_PROVISIONED_ACCOUNTS request(s) (updating 5 outdated account(s)) provisioned, 0 up to date")
        .contains("nothing to provision: 5 account(s) up to date")
        .contains("Rehearsal finished as expected.")
        .endsWith("This was a local rehearsal against an emulator; no AWS account was touched."
            + System.lineSeparator());
  }

  @Test
  void failScenario_showsTheFailedAccountWithTheAwsReason_andExitsZero() {
    Result result = rehearse("--scenario", "fail", "--time-scale", "50");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output)
        .contains("Diagnostics:", "idcprov:index:PermissionSetProvisioning (cost-reader-provisioning):")
        .contains("account 444444444444", "does not exist in account 444444444444")
        .contains("the failing account's provisioning FAILED", "=== Run 3")
        .doesNotContain("REHEARSAL DID NOT GO AS EXPECTED");
  }

  @Test
  void fanOutScenario_pulumiAwsProvisionsTheChangedSets_theComponentsFindNothingLeft_andExitsZero() {
    Result result = rehearse("--scenario", "fan-out", "--time-scale", "50");

    assertThat(result.exitCode).as(result.output).isZero();
    assertThat(result.output)
        .contains("the program dev.idcprov.examples.fanout.App runs unchanged")
        .contains("UpdatePermissionSet; ProvisionPermissionSet ALL_PROVISIONED_ACCOUNTS")
        .contains("nothing to provision: 4 account(s) up to date", "nothing to provision: 6 account(s) up to date")
        .contains("Rehearsal finished as expected.");
  }

  @Test
  void failScenario_withAProgramThatCannotFail_reportsTheSurpriseAndExitsOne() {
    Result result = rehearse("--scenario", "fail", "--time-scale", "50",
        "--program", NoCustomerPolicyProgram.class.getName());

    assertThat(result.exitCode).as(result.output).isEqualTo(1);
    assertThat(result.output).contains("REHEARSAL DID NOT GO AS EXPECTED",
        "run 2: the run succeeded, but provisioning to 444444444444 should have FAILED");
  }

  @Test
  void unknownOption_printsUsage_andExitsTwo() {
    Result result = rehearse("--scenario", "sometimes");

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("--scenario is 'sometimes': allowed values are normal, fail and fan-out", "usage:");
  }

  @Test
  void programNotOnClasspath_exitsTwo_namingIt() {
    Result result = rehearse("--program", "com.example.Missing");

    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("'com.example.Missing' is not on the classpath");
  }

  /** A program that ignores the customer managed policy config, so nothing can fail. */
  public static final class NoCustomerPolicyProgram {
    private NoCustomerPolicyProgram() {
    }

    public static void stack(Context ctx) {
      var config = ctx.config();
      String instanceArn = "arn:aws:sso:::instance/ssoins-72230f1e5a6b4c3d";
      PermissionSet set = new PermissionSet("set", PermissionSetArgs.builder().instanceArn(instanceArn)
          .name("Plain").build());
      List<String> accounts = Arrays.asList(config.requireObject("accountIds", String[].class));
      var provisioning = new PermissionSetProvisioning("provisioning", PermissionSetProvisioningArgs.builder()
          .instanceArn(instanceArn).permissionSetArns(set.arn().applyValue(List::of)).accountIds(accounts)
          .pollIntervalSeconds(1).endpoint(config.require("ssoAdminEndpoint")).build(),
          ComponentResourceOptions.builder().build());
      ctx.export("requestCount", provisioning.requestCount());
      ctx.export("failedCount", provisioning.failedCount());
    }
  }

  private record Result(int exitCode, String output) {
  }

  private static Result rehearse(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = Rehearsal.run(args, out);
    }
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
