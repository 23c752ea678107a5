/**
 * Internals of the provisioner: planning and submission runs. Not a public API. Entry point for users:
 * {@link dev.idcprov.provisioning.PermissionSetProvisioner}.
 */
package dev.idcprov.provisioning.internal;
