package dev.idcprov.examples.quickstart;

import com.pulumi.Config;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.ssoadmin.AccountAssignment;
import com.pulumi.aws.ssoadmin.AccountAssignmentArgs;
import com.pulumi.aws.ssoadmin.CustomerManagedPolicyAttachment;
import com.pulumi.aws.ssoadmin.CustomerManagedPolicyAttachmentArgs;
import com.pulumi.aws.ssoadmin.ManagedPolicyAttachment;
import com.pulumi.aws.ssoadmin.ManagedPolicyAttachmentArgs;
import com.pulumi.aws.ssoadmin.PermissionSet;
import com.pulumi.aws.ssoadmin.PermissionSetArgs;
import com.pulumi.aws.ssoadmin.PermissionSetInlinePolicy;
import com.pulumi.aws.ssoadmin.PermissionSetInlinePolicyArgs;
import com.pulumi.aws.ssoadmin.SsoadminFunctions;
import com.pulumi.aws.ssoadmin.inputs.CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs;
import com.pulumi.aws.ssoadmin.outputs.GetInstancesResult;
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
 * Quickstart stack: one permission set with an inline policy and an AWS managed policy, assigned to one principal
 * in one account, then provisioned to every target account by {@link PermissionSetProvisioning}, which makes
 * {@code pulumi up} finish only when each account runs the latest version of the set.
 *
 * <p>Everything comes from stack config (namespace {@code idcprov-quickstart}); see README.md for the keys.
 */
public final class App {
  /** Inline policy of the {@code basic} variant: read cost and usage data. */
  static final String BASIC_POLICY = """
      {"Version":"2012-10-17","Statement":[
        {"Sid":"ReadCosts","Effect":"Allow","Action":["ce:GetCostAndUsage"],"Resource":"*"}]}""";

  /** Inline policy of the {@code extended} variant: also forecasts and budgets. */
  static final String EXTENDED_POLICY = """
      {"Version":"2012-10-17","Statement":[
        {"Sid":"ReadCosts","Effect":"Allow","Action":["ce:GetCostAndUsage","ce:GetCostForecast"],"Resource":"*"},
        {"Sid":"ReadBudgets","Effect":"Allow","Action":["budgets:ViewBudget"],"Resource":"*"}]}""";

  private App() {
  }

  public static void main(String[] args) {
    Pulumi.run(App::stack);
  }

  /**
   * Declares the stack. Public and separate from {@link #main} so the local rehearsal can run this exact code
   * inside the Pulumi SDK's in-process runtime with its own config.
   *
   * @param ctx the Pulumi context
   */
  public static void stack(Context ctx) {
    Config config = ctx.config();
    List<String> accountIds = Arrays.asList(config.requireObject("accountIds", String[].class));
    if (accountIds.isEmpty()) {
      throw new IllegalArgumentException("config 'accountIds' is empty: give at least one 12-digit account id");
    }
    String principalId = config.require("principalId");
    String principalType = config.get("principalType").orElse("USER");
    String assignmentAccountId = config.get("assignmentAccountId").orElse(accountIds.get(0));
    String setName = config.get("permissionSetName").orElse("CostReader");
    String sessionDuration = config.get("sessionDuration").orElse("PT4H");
    String variant = config.get("inlinePolicyVariant").orElse("basic");
    String inlinePolicy = switch (variant) {
      case "basic" -> BASIC_POLICY;
      case "extended" -> EXTENDED_POLICY;
      default -> throw new IllegalArgumentException(
          "config 'inlinePolicyVariant' is '" + variant + "': allowed values are basic and extended");
    };

    // The instance: from config, else the account's only IAM Identity Center instance.
    Output<String> instanceArn = config.get("instanceArn").map(Output::of).orElseGet(
        () -> SsoadminFunctions.getInstances().applyValue(App::onlyInstance));

    PermissionSet permissionSet = new PermissionSet("cost-reader", PermissionSetArgs.builder()
        .instanceArn(instanceArn)
        .name(setName)
        .description("Read cost and usage data")
        .sessionDuration(sessionDuration)
        .build());

    List<Resource> policies = new ArrayList<>();
    policies.add(new PermissionSetInlinePolicy("cost-reader-inline", PermissionSetInlinePolicyArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArn(permissionSet.arn())
        .inlinePolicy(inlinePolicy)
        .build()));
    policies.add(new ManagedPolicyAttachment("cost-reader-readonly", ManagedPolicyAttachmentArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArn(permissionSet.arn())
        .managedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .build()));
    // Optional: a customer managed policy, which must exist (same name and path) in every target account.
    config.get("customerManagedPolicyName").ifPresent(policyName -> policies.add(
        new CustomerManagedPolicyAttachment("cost-reader-customer-policy",
            CustomerManagedPolicyAttachmentArgs.builder()
                .instanceArn(instanceArn)
                .permissionSetArn(permissionSet.arn())
                .customerManagedPolicyReference(CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs
                    .builder()
                    .name(policyName)
                    .path(config.get("customerManagedPolicyPath").orElse("/"))
                    .build())
                .build())));

    // Assign after the policies are attached, so the account gets the complete set.
    AccountAssignment assignment = new AccountAssignment("cost-reader-assignment", AccountAssignmentArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArn(permissionSet.arn())
        .principalId(principalId)
        .principalType(principalType)
        .targetId(assignmentAccountId)
        .targetType("AWS_ACCOUNT")
        .build(), CustomResourceOptions.builder().dependsOn(policies).build());

    // Provision the final version of the set to every target account and wait until each one runs it.
    List<Resource> before = new ArrayList<>(policies);
    before.add(assignment);
    PermissionSetProvisioningArgs.Builder provisioningArgs = PermissionSetProvisioningArgs.builder()
        .instanceArn(instanceArn)
        .permissionSetArns(permissionSet.arn().applyValue(List::of))
        .accountIds(accountIds);
    config.getInteger("timeoutSeconds").ifPresent(provisioningArgs::timeoutSeconds);
    config.getInteger("pollIntervalSeconds").ifPresent(provisioningArgs::pollIntervalSeconds);
    // Optional: fail before any write when the stack's identity resolves to another account.
    config.get("expectedAccountId").ifPresent(provisioningArgs::expectedAccountId);
    // Only for the local rehearsal (an SSO Admin sandbox); leave unset against AWS.
    config.get("ssoAdminEndpoint").ifPresent(provisioningArgs::endpoint);
    PermissionSetProvisioning provisioning = new PermissionSetProvisioning("cost-reader-provisioning",
        provisioningArgs.build(), ComponentResourceOptions.builder().dependsOn(before).build());

    ctx.export("permissionSetArn", permissionSet.arn());
    ctx.export("plannedTargets", provisioning.plannedTargets());
    ctx.export("results", provisioning.results());
    ctx.export("requestCount", provisioning.requestCount());
    ctx.export("succeededCount", provisioning.succeededCount());
    ctx.export("failedCount", provisioning.failedCount());
    ctx.export("summary", provisioning.summary());
  }

  private static String onlyInstance(GetInstancesResult instances) {
    if (instances.arns().size() != 1) {
      throw new IllegalStateException("found " + instances.arns().size()
          + " IAM Identity Center instances: set config 'instanceArn' to choose one");
    }
    return instances.arns().get(0);
  }
}
