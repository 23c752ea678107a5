/**
 * Waiting for IAM Identity Center permission-set provisioning. Entry point: {@link dev.idcprov.waiter.ProvisioningWaiter}.
 *
 * <p>Inputs are a {@link dev.idcprov.waiter.WaitRequest} and {@link dev.idcprov.waiter.WaitOptions}; the result is a
 * {@link dev.idcprov.waiter.WaitResult} of {@link dev.idcprov.waiter.RequestOutcome}s; failures are the
 * {@link dev.idcprov.waiter.ProvisioningException} family. {@link dev.idcprov.waiter.RequestBudget} keeps every
 * caller in the process inside the SSO Admin API quota. {@link dev.idcprov.waiter.ProvisioningWaiter#open} gives a
 * {@link dev.idcprov.waiter.WaitHandle} for waits whose requests are added while they run (streaming);
 * {@link dev.idcprov.waiter.ProvisioningStatusReader} makes one-off status reads through the same call boundary.
 * The identifiers every face shares live here too: {@link dev.idcprov.waiter.InstanceArn},
 * {@link dev.idcprov.waiter.PermissionSetArn} and {@link dev.idcprov.waiter.ManagedPolicyArn} parse ARNs with the
 * AWS SDK's {@code Arn} (any partition the SDK knows), and {@link dev.idcprov.waiter.AwsIds} checks inputs with them.
 * This package knows nothing of Pulumi or the command line.
 */
package dev.idcprov.waiter;
