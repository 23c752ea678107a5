package dev.idcprov.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.SsoAdminException;

/** SigV4 verification as strict as AWS: skew, credential scope, signed headers, payload hash; replays accepted. */
class SignatureVerificationTest {
  private static final String LIST_INSTANCES = "SWBExternalService.ListInstances";
  private static final String JSON = "application/x-amz-json-1.1";

  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;

  @AfterEach
  void close() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private void start(SsoAdminSandbox.Builder b) {
    sandbox = b.verifySignatures(Map.of(SandboxTestSupport.ACCESS_KEY, SandboxTestSupport.SECRET_KEY)).build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
  }

  private static Clock shifted(Duration d) {
    return Clock.offset(Clock.systemUTC(), d);
  }

  private static void assertRejected(SsoAdminClient client, int status, String message) {
    assertThatThrownBy(() -> client.listInstances(r -> {})).isInstanceOfSatisfying(SsoAdminException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
      assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    });
  }

  @Test
  void aDate400DaysInThePast_isExpired() {
    start(SandboxTestSupport.fast().clock(shifted(Duration.ofDays(400))));
    assertRejected(sso, 400, "Signature expired: ");
  }

  @Test
  void aDateInTheFuture_beyond15Minutes_isNotYetCurrent() {
    start(SandboxTestSupport.fast().clock(shifted(Duration.ofDays(-400))));
    assertRejected(sso, 400, "Signature not yet current: ");
  }

  @Test
  void aDate14MinutesOff_isAccepted() {
    start(SandboxTestSupport.fast().clock(shifted(Duration.ofMinutes(14))));
    assertThat(sso.listInstances(r -> {}).instances()).hasSize(1);
  }

  @Test
  void aCredentialScopeForAnotherRegion_isRejected_theConfiguredRegionAccepted() {
    start(SandboxTestSupport.fast().signingRegion("eu-west-1"));
    assertRejected(sso, 403, "Credential should be scoped to a valid region, not 'us-east-1'");
    try (SsoAdminClient ireland = SsoAdminClient.builder().endpointOverride(sandbox.endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(SandboxTestSupport.ACCESS_KEY, SandboxTestSupport.SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build()) {
      assertThat(ireland.listInstances(r -> {}).instances()).hasSize(1);
    }
  }

  @Test
  void aCredentialScopeForAnotherService_isRejected() throws Exception {
    start(SandboxTestSupport.fast());
    HttpResponse<String> r = send(sign("{}", withTarget(LIST_INSTANCES), s -> s
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sso-admin")), "{}", Map.of());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("InvalidSignatureException").contains("correct service: 'sso'");
  }

  @Test
  void aReplayedRequest_withinTheWindow_isAccepted_asAwsAcceptsIt() throws Exception {
    start(SandboxTestSupport.fast());
    SdkHttpRequest signed = sign("{}", withTarget(LIST_INSTANCES), s -> {});
    assertThat(send(signed, "{}", Map.of()).statusCode()).isEqualTo(200);
    assertThat(send(signed, "{}", Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void aSwappedBody_isRejected_evenUnderUnsignedPayload() throws Exception {
    start(SandboxTestSupport.fast());
    String body = "{\"InstanceArn\":\"" + sandbox.instanceArn() + "\"}";
    String other = "{\"InstanceArn\":\"" + sandbox.instanceArn() + "\",\"MaxResults\":1}";
    String target = "SWBExternalService.ListPermissionSets";
    SdkHttpRequest signed = sign(body, withTarget(target), s -> {});
    SdkHttpRequest unsigned = sign(body, withTarget(target).putHeader("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"),
        s -> s.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));

    assertThat(send(signed, body, Map.of()).statusCode()).isEqualTo(200);
    HttpResponse<String> swapped = send(signed, other, Map.of());
    HttpResponse<String> swappedUnsigned = send(unsigned, other, Map.of());
    assertThat(swapped.statusCode()).isEqualTo(403);
    assertThat(swapped.body()).contains("InvalidSignatureException").contains("does not match");
    assertThat(swappedUnsigned.statusCode()).isEqualTo(403);
    assertThat(swappedUnsigned.body()).contains("InvalidSignatureException");
  }

  @Test
  void aTargetHeaderNotSigned_isRejected_soItCannotBeSwapped() throws Exception {
    start(SandboxTestSupport.fast());
    // only host and x-amz-date are signed; X-Amz-Target and Content-Type travel unsigned
    SdkHttpRequest hostAndDateOnly = sign("{}", SdkHttpRequest.builder(), s -> {});
    HttpResponse<String> r = send(hostAndDateOnly, "{}",
        Map.of("X-Amz-Target", "SWBExternalService.DeletePermissionSet", "Content-Type", JSON));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("InvalidSignatureException").contains("x-amz-target").contains("not signed");
  }

  @Test
  void unsignedHost_isRejected() throws Exception {
    start(SandboxTestSupport.fast());
    SdkHttpRequest signed = sign("{}", withTarget(LIST_INSTANCES), s -> {});
    String auth = signed.firstMatchingHeader("Authorization").orElseThrow().replace("SignedHeaders=content-type;host;",
        "SignedHeaders=content-type;");
    HttpResponse<String> r = send(signed.toBuilder().putHeader("Authorization", auth).build(), "{}", Map.of());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("'Host' or ':authority' must be a 'SignedHeader'");
  }

  private static SdkHttpRequest.Builder withTarget(String target) {
    return SdkHttpRequest.builder().putHeader("X-Amz-Target", target).putHeader("Content-Type", JSON);
  }

  /** Signs a POST to the sandbox with the SDK's signer: the given headers, the body, scope us-east-1/sso. */
  private SdkHttpRequest sign(String body, SdkHttpRequest.Builder headers,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> tweak) {
    SdkHttpRequest request = headers.method(SdkHttpMethod.POST).uri(URI.create(sandbox.endpoint() + "/")).build();
    return AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(SandboxTestSupport.ACCESS_KEY, SandboxTestSupport.SECRET_KEY))
          .request(request)
          .payload(ContentStreamProvider.fromUtf8String(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sso")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1");
      tweak.accept(r);
    }).request();
  }

  /** Sends the signed request's headers (plus {@code extra}) with {@code body}, over java.net.http. */
  private HttpResponse<String> send(SdkHttpRequest signed, String body, Map<String, String> extra) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/"))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    signed.forEachHeader((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    extra.forEach(b::header);
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonParser.parseString(r.body());
    return r;
  }
}
