package dev.idcprov.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

class AwsClientSettingsTest {
  @Test
  void createdClient_hasRegionEndpointTimeoutsAndNoSdkRetries() {
    AwsClientSettings settings = AwsClientSettings.builder().region("eu-west-1")
        .endpoint(URI.create("http://127.0.0.1:4566")).build();

    try (SsoAdminClient client = settings.createClient()) {
      assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
      assertThat(client.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:4566"));
      ClientOverrideConfiguration o = client.serviceClientConfiguration().overrideConfiguration();
      assertThat(o.retryStrategy()).get().satisfies(s -> assertThat(s.maxAttempts()).isEqualTo(1));
      assertThat(o.apiCallTimeout()).contains(AwsClientSettings.API_CALL_TIMEOUT);
      assertThat(o.apiCallAttemptTimeout()).contains(AwsClientSettings.API_CALL_ATTEMPT_TIMEOUT);
    }
  }

  @Test
  void badValues_nameTheField() {
    assertThat(catchThrowable(() -> AwsClientSettings.builder().region("Europe")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
    assertThat(catchThrowable(() -> AwsClientSettings.builder().endpoint(URI.create("ftp://x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint");
    assertThat(catchThrowable(() -> AwsClientSettings.builder().profile(" ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile");
  }
}
