/**
 * A local stand-in for the IAM Identity Center admin API (SSO Admin). Entry point:
 * {@link dev.idcprov.sandbox.SsoAdminSandbox}.
 *
 * <p>The sandbox speaks the service's JSON 1.1 wire protocol on 127.0.0.1, so the AWS SDKs and the AWS CLI talk to it
 * through an endpoint override exactly as they talk to AWS. It is seeded from a {@link dev.idcprov.sandbox.SandboxSeed},
 * provisions permission sets asynchronously, fails them with the service's reasons, throttles at a quota and injects
 * faults ({@link dev.idcprov.sandbox.SandboxFaults}). Tests read its ground truth
 * ({@link dev.idcprov.sandbox.ProvisioningRecord}, {@link dev.idcprov.sandbox.RecordedRequest},
 * {@link dev.idcprov.sandbox.SandboxMetrics}). It knows nothing of the rest of the product. JUnit tests get a sandbox
 * started, injected and closed for them by {@link dev.idcprov.sandbox.junit.SsoAdminSandboxExtension}.
 *
 * <p>Code that resolves its caller or assumes a role needs STS too: {@link dev.idcprov.sandbox.StandInSts} answers
 * {@code AssumeRole} and {@code GetCallerIdentity} on 127.0.0.1 and records the calls.
 */
package dev.idcprov.sandbox;
