package dev.idcprov.sandbox.junit;

import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClientBuilder;

/**
 * The only class of the extension that touches the AWS SDK, loaded only when a test asks for an {@code SsoAdminClient}:
 * tests that inject just the sandbox or its endpoint run without the SDK on the class path.
 */
final class SandboxClients {
  static final String CLIENT_CLASS = "software.amazon.awssdk.services.ssoadmin.SsoAdminClient";

  private SandboxClients() {}

  /** @return a client for the sandbox at {@code endpoint}, owning its HTTP client; {@code customizer} may be null */
  static SsoAdminClient create(URI endpoint, String accessKeyId, String secretAccessKey,
      Consumer<? super SsoAdminClientBuilder> customizer) {
    SsoAdminClientBuilder builder = SsoAdminClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(SsoAdminSandboxExtension.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        // a builder, not a built client: the SDK client then owns the HTTP client and closes it with itself
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (customizer != null) {
      customizer.accept(builder);
    }
    return builder.build();
  }

  static void close(Object client) {
    ((SsoAdminClient) client).close();
  }
}
