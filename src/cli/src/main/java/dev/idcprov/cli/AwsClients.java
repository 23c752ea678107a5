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
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClientBuilder;

/**
 * The command line's SSO Admin clients: what {@link AwsClientSettings#createClient()} builds (the same timeouts, no SDK
 * retries), plus a CA bundle, the proxy variables, the {@code --debug} wire log and {@link ConnectionErrors}, which
 * turns a refused or unreachable endpoint into an error that is not retried.
 */
final class AwsClients {
  private AwsClients() {
  }

  static SsoAdminClient create(AwsClientSettings settings, ClientOptions options) {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
        .connectionTimeout(AwsClientSettings.CONNECT_TIMEOUT)
        .socketTimeout(AwsClientSettings.SOCKET_TIMEOUT)
        // as the AWS CLI does: HTTPS_PROXY for https endpoints (AWS's own), HTTP_PROXY for http ones, NO_PROXY, and
        // the JVM's proxy properties; the SDK reads the variables of the scheme given here
        .proxyConfiguration(p -> p.scheme(settings.endpoint().map(e -> e.getScheme()).orElse("https"))
            .useEnvironmentVariablesValues(true).useSystemPropertyValues(true));
    if (options.caBundle() != null) {
      TrustManager[] trust = trustManagers(options.caBundle());
      http.tlsTrustManagersProvider(() -> trust);
    }
    SsoAdminClientBuilder b = SsoAdminClient.builder()
        .httpClientBuilder(http)
        .overrideConfiguration(o -> {
          o.retryStrategy(AwsRetryStrategy.doNotRetry())
              .apiCallAttemptTimeout(AwsClientSettings.API_CALL_ATTEMPT_TIMEOUT)
              .apiCallTimeout(AwsClientSettings.API_CALL_TIMEOUT)
              .addExecutionInterceptor(new ConnectionErrors(options.environment()));
          if (options.debug()) {
            o.addExecutionInterceptor(new WireLog());
          }
          settings.profile().ifPresent(o::defaultProfileName);
        });
    settings.region().ifPresent(r -> b.region(Region.of(r)));
    if (settings.profile().isPresent()) {
      b.credentialsProvider(ProfileCredentialsProvider.create(settings.profile().get()));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    settings.endpoint().ifPresent(b::endpointOverride);
    return b.build();
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
