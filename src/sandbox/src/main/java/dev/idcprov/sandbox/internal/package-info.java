/**
 * Internals of the SSO Admin sandbox: the HTTP serving loop ({@link dev.idcprov.sandbox.internal.SandboxServer}),
 * the operation table ({@link dev.idcprov.sandbox.internal.Dispatcher}) and the service state
 * ({@link dev.idcprov.sandbox.internal.SsoAdminService}). Not an API: use {@link dev.idcprov.sandbox.SsoAdminSandbox}.
 */
package dev.idcprov.sandbox.internal;
