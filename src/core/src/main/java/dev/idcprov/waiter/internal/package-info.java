/**
 * Internals of the waiter: the one boundary where SSO Admin calls are made, retried and mapped
 * ({@link dev.idcprov.waiter.internal.ApiCaller}), and the poll algorithm
 * ({@link dev.idcprov.waiter.internal.WaitSession}). Not a public API: it may change without notice. Entry point
 * for users: {@link dev.idcprov.waiter.ProvisioningWaiter}.
 */
package dev.idcprov.waiter.internal;
