/**
 * Internals of the provisioner: planning ({@link dev.idcprov.provisioning.internal.Planner}), submission
 * ({@link dev.idcprov.provisioning.internal.Submitter}) and one run of {@code provision} that plans, submits while
 * waiting and reports ({@link dev.idcprov.provisioning.internal.ProvisioningRun}). Not a public API. Entry point
 * for users: {@link dev.idcprov.provisioning.PermissionSetProvisioner}.
 */
package dev.idcprov.provisioning.internal;
