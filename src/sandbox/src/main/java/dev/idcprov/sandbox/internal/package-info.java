/**
 * Internals of the SSO Admin sandbox. Not an API: use {@link dev.idcprov.sandbox.SsoAdminSandbox}.
 *
 * <p>{@link dev.idcprov.sandbox.internal.SandboxServer} serves HTTP and hands each body to the operation table,
 * {@link dev.idcprov.sandbox.internal.Dispatcher}. {@link dev.idcprov.sandbox.internal.SsoAdminService} wires the rest:
 * the state ({@code SandboxState} and its entities), the scheduler of asynchronous requests
 * ({@code OperationScheduler}) and one handler group per area of the API ({@code PermissionSetHandlers},
 * {@code PolicyHandlers}, {@code AssignmentHandlers}, {@code ProvisioningHandlers}, {@code TagHandlers}), each of which
 * registers its operations with the table.
 */
package dev.idcprov.sandbox.internal;
