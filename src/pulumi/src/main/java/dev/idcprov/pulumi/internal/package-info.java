/**
 * Helpers of the Pulumi component: input checks, the asynchronous run, shared clients and budgets, logging.
 * Not API. Entry point: {@link dev.idcprov.pulumi.internal.ProvisioningRun}.
 */
package dev.idcprov.pulumi.internal;
