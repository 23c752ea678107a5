/**
 * The sandbox as a JUnit Jupiter test fixture. Entry point:
 * {@link dev.idcprov.sandbox.junit.SsoAdminSandboxExtension}, which starts an
 * {@link dev.idcprov.sandbox.SsoAdminSandbox} per test class or per test, injects it, its endpoint and a ready
 * {@code SsoAdminClient}, and closes them afterwards.
 *
 * <p>It knows nothing of the rest of the product, and the sandbox itself knows nothing of JUnit: JUnit's API and the
 * AWS SDK are optional dependencies of this artifact, present only in the tests that use this package.
 */
package dev.idcprov.sandbox.junit;
