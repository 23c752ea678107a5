package dev.idcprov.examples.fanout;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.ssoadmin.AccountAssignment;
import com.pulumi.aws.ssoadmin.AccountAssignmentArgs;
import com.pulumi.aws.ssoadmin.ManagedPolicyAttachment;
import com.pulumi.aws.ssoadmin.ManagedPolicyAttachmentArgs;
import com.pulumi.aws.ssoadmin.PermissionSet;
import com.pulumi.aws.ssoadmin.PermissionSetArgs;
import com.pulumi.aws.ssoadmin.PermissionSetInlinePolicy;
import com.pulumi.aws.ssoadmin.PermissionSetInlinePolicyArgs;
import com.pulumi.aws.ssoadmin.SsoadminFunctions;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import dev.idcprov.pulumi.PermissionSetProvisioning;
import dev.idcprov.pulumi.PermissionSetProvisioningArgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fan-out stack: three permission sets to many accounts, waited for by two components that run in parallel and share
 * one request budget.
 *
 * <ul>
 *   <li>{@code AuditReadOnly} is assigned to the auditors group in every audit account and provisioned with
 *       {@code allProvisionedAccounts}: one request covers every account the set is provisioned to.</li>
 *   <li>{@code Developer} and {@code BillingViewer} go to an explicit account list; only the accounts that are
 *       outdated or have never had a set are provisioned.</li>
 * </ul>
 * Everything comes from stack config (namespace {@code idcprov-fan-out}); see README.md for the keys.
 */
public final class App {
  static final String DEVELOPER_POLICY = """
      {"Version":"2012-10-17","Statement":[
        {"Sid":"NoIamUsers","Effect":"Deny","Action":["iam:CreateUser","iam:CreateAccessKey"],"Resource":"*"}]}""";

  private App() {
  }

  public static void main(String[] args) {
    Pulumi.run(App::stack);
  }

  /**
   * Declares the stack; public so the local rehearsal can run it with its own config.
   *
   * @param ctx the Pulumi context
   */
  public static void stack(Context ctx) {
    Config config = ctx.config();
    List<String> teamAccounts = Arrays.asList(config.requireObject("accountIds", String[].class));
    List<String> auditAccounts = Arrays.asList(config.requireObject("auditAccountIds", String[].class));
    String developersGroup = config.require("developersGroupId");
    String auditorsGroup = config.require("auditorsGroupId");
    String sessionDuration = config.get("sessionDuration").orElse("PT8H");
    Output<String> instanceArn = config.get("instanceArn").map(Output::of).orElseGet(
        () -> SsoadminFunctions.getInstances().applyValue(r -> r.arns().get(0)));

    // AuditReadOnly: assigned to the auditors in every audit account, then provisioned to all of them at once.
    PermissionSet audit = permissionSet("audit", "AuditReadOnly", "Security audit, read only", sessionDuration,
        instanceArn);
    List<Resource> auditDeps = new ArrayList<>();
    auditDeps.add(managedPolicy("audit-securityaudit", audit, "arn:aws:iam::aws:policy/SecurityAudit", instanceArn));
    List<Resource> auditAll = new ArrayList<>(auditDeps);
    for (String account : auditAccounts) {
      auditAll.add(assign("audit-" + account, audit, auditorsGroup, account, instanceArn, auditDeps));
    }

    // Developer and BillingViewer: provisioned to an explicit list of accounts.
    PermissionSet developer = permissionSet("developer", "Developer", "Build and run workloads", sessionDuration,
        instanceArn);
    PermissionSet billing = permissionSet("billing", "BillingViewer", "Read billing data", sessionDuration,
        instanceArn);
    List<Resource> teamDeps = new ArrayList<>();
    teamDeps.add(managedPolicy("developer-poweruser", developer, "arn:aws:iam::aws:policy/PowerUserAccess",
        instanceArn));
    teamDeps.add(new PermissionSetInlinePolicy("developer-inline", PermissionSetInlinePolicyArgs.builder()
        .instanceArn(instanceArn).permissionSetArn(developer.arn()).inlinePolicy(DEVELOPER_POLICY).build()));
    teamDeps.add(managedPolicy("billing-viewer", billing, "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        instanceArn));
    List<Resource> teamAll = new ArrayList<>(teamDeps);
    for (String account : teamAccounts) {
      teamAll.add(assign("developer-" + account, developer, developersGroup, account, instanceArn, teamDeps));
      teamAll.add(assign("billing-" + account, billing, developersGroup, account, instanceArn, teamDeps));
    }

    PermissionSetProvisioningArgs.Builder auditArgs = PermissionSetProvisioningArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(audit.arn().applyValue(List::of))
        .allProvisionedAccounts(true);
    PermissionSetProvisioningArgs.Builder teamArgs = PermissionSetProvisioningArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(Output.all(developer.arn(), billing.arn()))
        .accountIds(teamAccounts);
    for (PermissionSetProvisioningArgs.Builder args : List.of(auditArgs, teamArgs)) {
      applyOptional(config, args);
    }
    PermissionSetProvisioning auditProvisioning = new PermissionSetProvisioning("audit-provisioning",
        auditArgs.build(), ComponentResourceOptions.builder().dependsOn(auditAll).build());
    PermissionSetProvisioning teamProvisioning = new PermissionSetProvisioning("team-provisioning",
        teamArgs.build(), ComponentResourceOptions.builder().dependsOn(teamAll).build());

    ctx.export("auditSummary", auditProvisioning.summary());
    ctx.export("auditResults", auditProvisioning.results());
    ctx.export("teamSummary", teamProvisioning.summary());
    ctx.export("teamResults", teamProvisioning.results());
    ctx.export("requestCount", Output.tuple(auditProvisioning.requestCount(), teamProvisioning.requestCount())
        .applyValue(t -> nullToZero(t.t1) + nullToZero(t.t2)));
    ctx.export("failedCount", Output.tuple(auditProvisioning.failedCount(), teamProvisioning.failedCount())
        .applyValue(t -> nullToZero(t.t1) + nullToZero(t.t2)));
  }

  private static void applyOptional(Config config, PermissionSetProvisioningArgs.Builder args) {
    config.getInteger("timeoutSeconds").ifPresent(args::timeoutSeconds);
    config.getInteger("pollIntervalSeconds").ifPresent(args::pollIntervalSeconds);
    // Only for the local rehearsal (an SSO Admin sandbox); leave unset against AWS.
    config.get("ssoAdminEndpoint").ifPresent(args::endpoint);
  }

  private static int nullToZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static PermissionSet permissionSet(String resourceName, String setName, String description,
      String sessionDuration, Output<String> instanceArn) {
    return new PermissionSet(resourceName, PermissionSetArgs.builder()
        .instanceArn(instanceArn).name(setName).description(description).sessionDuration(sessionDuration).build());
  }

  private static ManagedPolicyAttachment managedPolicy(String resourceName, PermissionSet set, String policyArn,
      Output<String> instanceArn) {
    return new ManagedPolicyAttachment(resourceName, ManagedPolicyAttachmentArgs.builder()
        .instanceArn(instanceArn).permissionSetArn(set.arn()).managedPolicyArn(policyArn).build());
  }

  private static AccountAssignment assign(String resourceName, PermissionSet set, String groupId, String account,
      Output<String> instanceArn, List<Resource> after) {
    return new AccountAssignment(resourceName, AccountAssignmentArgs.builder()
        .instanceArn(instanceArn).permissionSetArn(set.arn())
        .principalId(groupId).principalType("GROUP")
        .targetId(account).targetType("AWS_ACCOUNT")
        .build(), CustomResourceOptions.builder().dependsOn(after).build());
  }
}
