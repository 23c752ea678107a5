/**
 * Internals of the waiter: the one boundary where SSO Admin calls are made, retried and mapped
 * ({@link dev.idcprov.waiter.internal.ApiCaller}), the one paging loop over it
 * ({@link dev.idcprov.waiter.internal.Paginator}, also used by the provisioner's planner), and the poll algorithm:
 * {@link dev.idcprov.waiter.internal.WaitSession} holds a wait's lifecycle (one {@code WaitState}, the deadline,
 * the scheduling of rounds, the single end), {@code RoundRunner} makes one round's calls, {@code RoundDecisions}
 * is the pure decision step (no scheduler, client or clock) and {@code PassPlanner} chooses the passes and the pace.
 * It knows nothing of the provisioner, Pulumi or the command line. Not a public API: it may change without notice.
 * Entry point for users: {@link dev.idcprov.waiter.ProvisioningWaiter}.
 */
package dev.idcprov.waiter.internal;
