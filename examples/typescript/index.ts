import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as idcprov from "@pulumi/idcprov";

const config = new pulumi.Config();
const instanceArn = config.require("instanceArn");
const accountIds = config.requireObject<string[]>("accountIds");

const admins = new aws.ssoadmin.PermissionSet("admins", {
    instanceArn: instanceArn,
    name: "Admins",
    sessionDuration: "PT4H",
});

const adminsPolicy = new aws.ssoadmin.PermissionSetInlinePolicy("admins-policy", {
    instanceArn: instanceArn,
    permissionSetArn: admins.arn,
    inlinePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" }],
    }),
});

// Provisions the permission set to the accounts once its policy is attached, and waits until every account runs the
// latest version; the deployment fails with the AWS reason for an account that FAILED.
const provisioning = new idcprov.PermissionSetProvisioning("admins", {
    instanceArn: instanceArn,
    permissionSetArns: [admins.arn],
    accountIds: accountIds,
    force: false,
    timeoutSeconds: 900,
}, { dependsOn: [adminsPolicy] });

export const summary = provisioning.summary;
export const requestCount = provisioning.requestCount;
export const results = provisioning.results;
