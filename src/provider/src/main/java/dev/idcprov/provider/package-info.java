/**
 * The Pulumi package {@code idcprov}: a component provider that serves the Java component
 * {@link dev.idcprov.pulumi.PermissionSetProvisioning} to every Pulumi language (TypeScript, Python, Go, C#, YAML)
 * over the provider gRPC protocol.
 *
 * <p>{@link dev.idcprov.provider.ProviderMain} is the plugin's entry point (the module's {@code PulumiPlugin.yaml}
 * says {@code runtime: java}); {@link dev.idcprov.provider.IdcprovProvider} answers {@code GetSchema} and
 * {@code Construct}. See {@code docs/PACKAGE.md}.
 */
package dev.idcprov.provider;
