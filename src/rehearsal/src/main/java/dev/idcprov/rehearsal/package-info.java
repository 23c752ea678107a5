/**
 * The local rehearsal: runs a Pulumi program that uses the component, unchanged, in the Pulumi SDK's in-process
 * runtime against the SSO Admin sandbox, and prints it like a deployment. Entry point:
 * {@link dev.idcprov.rehearsal.Rehearsal}; the mocks that forward pulumi-aws {@code ssoadmin} resources to the
 * sandbox are {@link dev.idcprov.rehearsal.SandboxMocks}.
 */
package dev.idcprov.rehearsal;
