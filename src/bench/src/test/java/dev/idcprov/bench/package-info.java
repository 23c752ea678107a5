/**
 * Benchmark harness and fault-injection suite (issue 5), test side only.
 *
 * <p>Entry point: {@link dev.idcprov.bench.BenchmarkHarnessTest} (tagged {@code bench}, run with
 * {@code mvn -o -Pbench verify}); it drives our {@link dev.idcprov.provisioning.PermissionSetProvisioner} and the
 * Terraform-style {@link dev.idcprov.bench.BaselinePoller} against the sandbox on identical {@link Workload}s and
 * prints the figures and the targets. The quick fault scenarios run in the normal build as
 * {@link dev.idcprov.bench.FaultInjectionTest}.
 */
package dev.idcprov.bench;
