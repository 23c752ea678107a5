/**
 * Provisioning permission sets: deciding what is outdated, calling {@code ProvisionPermissionSet} and
 * waiting. Entry point: {@link dev.idcprov.provisioning.PermissionSetProvisioner}, driven by a
 * {@link dev.idcprov.provisioning.ProvisioningRequest}; {@link dev.idcprov.provisioning.AwsClientSettings} builds
 * clients. Uses {@link dev.idcprov.waiter}; knows nothing of Pulumi or the command line.
 */
package dev.idcprov.provisioning;
