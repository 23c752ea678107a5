/**
 * The Pulumi component. Entry point: {@link dev.idcprov.pulumi.PermissionSetProvisioning}, configured by
 * {@link dev.idcprov.pulumi.PermissionSetProvisioningArgs}. Built on {@link dev.idcprov.provisioning}; the
 * root program lives in {@code dev.idcprov.pulumi.program}.
 */
package dev.idcprov.pulumi;
