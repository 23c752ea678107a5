/**
 * The root Pulumi program, reconciling provisioning from stack config. Entry point:
 * {@link dev.idcprov.pulumi.program.ReconcileProgram}; config shape: {@link dev.idcprov.pulumi.program.ProgramConfig}.
 */
package dev.idcprov.pulumi.program;
