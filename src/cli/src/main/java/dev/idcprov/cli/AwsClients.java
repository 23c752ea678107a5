package dev.idcprov.cli;

import dev.idcprov.provisioning.AwsClientSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The command line's SSO Admin clients: what {@link AwsClientSettings#createClient()} builds (the same timeouts, no SDK
 * retries), plus a CA bundle, the proxy variables, the {@code --debug} wire log and {@link ConnectionErrors}, which
 * turns a refused or unreachable endpoint into an error that is not retried.
 */
final class AwsClients {
  private AwsClients() {
  }

  static SsoAdminClient create(AwsClientSettings settings, ClientOptions options) {
    UrlConnectionHttpClient.Builder http = AwsClientSettings.httpClientBuilder()
        // as the AWS CLI does: HTTPS_PROXY for https endpoints (AWS's own), HTTP_PROXY for http ones, NO_PROXY, and
        // the JVM's proxy properties; the SDK reads the variables of the scheme given here
        .proxyConfiguration(p -> p.scheme(settings.endpoint().map(e -> e.getScheme()).orElse("https"))
            .useEnvironmentVariablesValues(true).useSystemPropertyValues(true));
    if (options.caBundle() != null) {
      TrustManager[] trust = trustManagers(options.caBundle());
      http.tlsTrustManagersProvider(() -> trust);
    }
    return settings.clientBuilder(o -> {
      o.addExecutionInterceptor(new ConnectionErrors(options.environment()));
      if (options.debug()) {
        o.addExecutionInterceptor(new WireLog());
      }
    }).httpClientBuilder(http).build();
  }

  /**
   * Reads a PEM bundle into trust managers.
   *
   * @throws IllegalArgumentException naming the problem when the file cannot be read or holds no certificate
   */
  static TrustManager[] trustManagers(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return tmf.getTrustManagers();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + ")");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a PEM certificate bundle (" + e.getMessage() + ")");
    }
  }
}
