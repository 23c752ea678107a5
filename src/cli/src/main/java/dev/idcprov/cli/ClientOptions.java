package dev.idcprov.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the command line's own clients connect beyond {@link dev.idcprov.provisioning.AwsClientSettings}: the CA bundle
 * ({@code --ca-bundle} or {@code AWS_CA_BUNDLE}), the wire log of {@code --debug}, and the environment (for the proxy
 * variables named in connection errors).
 *
 * @param caBundle    a PEM file of the certificates to trust for HTTPS, or null for the JVM's trust store
 * @param debug       true to log every SSO Admin request and response on stderr, secrets redacted
 * @param environment the process environment
 */
public record ClientOptions(Path caBundle, boolean debug, Map<String, String> environment) {
  /**
   * Copies {@code environment}.
   *
   * @param caBundle    a PEM file of the certificates to trust for HTTPS, or null for the JVM's trust store
   * @param debug       true to log every SSO Admin request and response on stderr, secrets redacted
   * @param environment the process environment
   */
  public ClientOptions {
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /** @return no CA bundle, no wire log, an empty environment */
  public static ClientOptions defaults() {
    return new ClientOptions(null, false, Map.of());
  }
}
