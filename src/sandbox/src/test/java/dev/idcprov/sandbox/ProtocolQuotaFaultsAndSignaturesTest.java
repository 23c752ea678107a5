package dev.idcprov.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.InternalServerException;
import software.amazon.awssdk.services.ssoadmin.model.ListPermissionSetsResponse;
import software.amazon.awssdk.services.ssoadmin.model.SsoAdminException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

/** Wire protocol, page tokens, quota, injected faults and signature checking. */
class ProtocolQuotaFaultsAndSignaturesTest {
  private SsoAdminSandbox sandbox;
  private SsoAdminClient sso;

  private void start(SsoAdminSandbox.Builder builder) {
    sandbox = builder.build().start();
    sso = SandboxTestSupport.client(sandbox.endpoint());
  }

  @AfterEach
  void stop() {
    SandboxTestSupport.close(sso, sandbox);
  }

  private HttpResponse<String> raw(String target, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(sandbox.endpoint().resolve("/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (target != null) {
      request.header("X-Amz-Target", target);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  @Test
  void rawUnsignedRequest_isAcceptedByDefault_withEpochSecondTimestamps() throws Exception {
    start(SandboxTestSupport.fast());

    HttpResponse<String> r = raw("SWBExternalService.ListInstances", "{}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(json(r).getAsJsonArray("Instances").get(0).getAsJsonObject().get("CreatedDate").getAsJsonPrimitive()
        .isNumber()).isTrue();
  }

  @Test
  void missingRequiredMember_unknownOperation_andMalformedBody_getAwsErrors() throws Exception {
    start(SandboxTestSupport.fast());

    HttpResponse<String> missing = raw("SWBExternalService.CreatePermissionSet",
        "{\"InstanceArn\":\"" + sandbox.instanceArn() + "\"}");
    HttpResponse<String> unknown = raw("SWBExternalService.CreateApplication", "{}");
    HttpResponse<String> malformed = raw("SWBExternalService.ListInstances", "{not json");

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("__type").getAsString()).isEqualTo("ValidationException");
    assertThat(json(missing).get("message").getAsString()).contains("'name'").contains("must not be null");
    assertThat(json(unknown).get("__type").getAsString()).isEqualTo("UnknownOperationException");
    assertThat(json(malformed).get("__type").getAsString()).isEqualTo("SerializationException");
  }

  @Test
  void maxResultsOutsideOneToHundred_isValidationError() {
    start(SandboxTestSupport.fast());

    assertThatThrownBy(() -> sso.listPermissionSets(r -> r.instanceArn(sandbox.instanceArn()).maxResults(101)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("less than or equal to 100");
    assertThatThrownBy(() -> sso.listPermissionSets(r -> r.instanceArn(sandbox.instanceArn()).maxResults(0)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("greater than or equal to 1");
  }

  @Test
  void forgedNextToken_andTokenReusedForAnotherQuery_areRejected() {
    start(SandboxTestSupport.fast());
    String instance = sandbox.instanceArn();
    for (int i = 0; i < 3; i++) {
      String name = "P" + i;
      sso.createPermissionSet(r -> r.instanceArn(instance).name(name));
    }
    ListPermissionSetsResponse first = sso.listPermissionSets(r -> r.instanceArn(instance).maxResults(1));
    String token = first.nextToken();
    char[] forged = token.toCharArray();
    forged[forged.length - 1] = forged[forged.length - 1] == 'A' ? 'B' : 'A';

    assertThatThrownBy(() -> sso.listPermissionSets(r -> r.instanceArn(instance).nextToken(new String(forged))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("NextToken");
    assertThatThrownBy(() -> sso.listPermissionSetProvisioningStatus(r -> r.instanceArn(instance).nextToken(token)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("different request");
    assertThat(sso.listPermissionSets(r -> r.instanceArn(instance).maxResults(5).nextToken(token)).permissionSets())
        .hasSize(2);
  }

  @Test
  void requestsBeyondTheQuota_areThrottled_withRateExceeded() {
    // one request per 1000 sandbox seconds at time scale 1: the second request of the test always meets an empty window
    start(SsoAdminSandbox.builder().requestsPerSecond(0.001).randomSeed(1));

    sso.listInstances(r -> {});
    assertThatThrownBy(() -> sso.listInstances(r -> {}))
        .isInstanceOfSatisfying(ThrottlingException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
    assertThat(sandbox.metrics().operation("ListInstances"))
        .isEqualTo(new SandboxMetrics.Counts(2, 1, 0, 0));
  }

  @Test
  void quotaWindow_runsTimeScaleTimesFaster() {
    // the same one request per 1000 sandbox seconds at time scale 10^9: a window lasts 1 microsecond of wall time,
    // far less than one HTTP round trip, so every request finds a fresh permit
    start(SsoAdminSandbox.builder().requestsPerSecond(0.001).timeScale(1e9).randomSeed(1));

    for (int i = 0; i < 5; i++) {
      sso.listInstances(r -> {});
    }
    assertThat(sandbox.metrics().operation("ListInstances")).isEqualTo(new SandboxMetrics.Counts(5, 0, 0, 0));
  }

  @Test
  void faultsChangedMidRun_throttle_serverError_andDroppedConnection() {
    start(SandboxTestSupport.fast());
    sso.listInstances(r -> {});

    sandbox.faults().throttleRate(1.0);
    assertThatThrownBy(() -> sso.listInstances(r -> {})).isInstanceOf(ThrottlingException.class);

    sandbox.faults().throttleRate(0).serverErrorRate(1.0);
    assertThatThrownBy(() -> sso.listInstances(r -> {}))
        .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(e.statusCode()).isEqualTo(500));

    sandbox.faults().serverErrorRate(0).dropConnectionRate(1.0);
    assertThatThrownBy(() -> sso.listInstances(r -> {})).isInstanceOf(SdkClientException.class);

    sandbox.faults().dropConnectionRate(0);
    assertThat(sso.listInstances(r -> {}).instances()).hasSize(1);
    assertThat(sandbox.metrics().operation("ListInstances")).isEqualTo(new SandboxMetrics.Counts(5, 1, 1, 1));
    assertThat(sandbox.requests()).extracting(RecordedRequest::errorType)
        .containsExactly(null, "ThrottlingException", "InternalServerException", RecordedRequest.DROPPED, null);
    assertThatThrownBy(() -> sandbox.faults().throttleRate(0.5).serverErrorRate(0.6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverErrorRate");
  }

  @Test
  void injectedFaults_areRepeatableWithTheSameRandomSeed() {
    String first = faultPattern(7);
    String second = faultPattern(7);

    assertThat(first).isEqualTo(second).contains("T").contains("-");
  }

  private String faultPattern(long seed) {
    try (SsoAdminSandbox s = SandboxTestSupport.fast().randomSeed(seed).throttleRate(0.5).build().start();
        SsoAdminClient c = SandboxTestSupport.client(s.endpoint())) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        try {
          c.listInstances(r -> {});
          sb.append('-');
        } catch (ThrottlingException e) {
          sb.append('T');
        }
      }
      return sb.toString();
    }
  }

  @Test
  void signatureVerification_acceptsRightKey_rejectsWrongSecretUnknownKeyAndUnsigned() throws Exception {
    start(SandboxTestSupport.fast().verifySignatures(
        Map.of(SandboxTestSupport.ACCESS_KEY, SandboxTestSupport.SECRET_KEY)));

    assertThat(sso.listInstances(r -> {}).instances()).hasSize(1);
    try (SsoAdminClient wrongSecret = SandboxTestSupport.client(sandbox.endpoint(), SandboxTestSupport.ACCESS_KEY,
        "not-the-secret");
        SsoAdminClient unknownKey = SandboxTestSupport.client(sandbox.endpoint(), "AKIAUNKNOWN000000000",
            SandboxTestSupport.SECRET_KEY)) {
      assertThatThrownBy(() -> wrongSecret.listInstances(r -> {}))
          .isInstanceOfSatisfying(SsoAdminException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
          });
      assertThatThrownBy(() -> unknownKey.listInstances(r -> {}))
          .isInstanceOfSatisfying(SsoAdminException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
    }
    HttpResponse<String> unsigned = raw("SWBExternalService.ListInstances", "{}");
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(json(unsigned).get("__type").getAsString()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(sandbox.requests()).allSatisfy(r -> assertThat(r.body()).doesNotContain(SandboxTestSupport.SECRET_KEY));
  }

  @Test
  void provisioningStatusFilter_acceptsOnlyTheModelsEnum() throws Exception {
    start(SandboxTestSupport.fast());

    HttpResponse<String> r = raw("SWBExternalService.ListPermissionSetProvisioningStatus",
        "{\"InstanceArn\":\"" + sandbox.instanceArn() + "\",\"Filter\":{\"Status\":\"DONE\"}}");

    assertThat(json(r).get("__type").getAsString()).isEqualTo("ValidationException");
    assertThat(json(r).get("message").getAsString()).contains("filter.status");
    assertThat(sso.listPermissionSetProvisioningStatus(x -> x.instanceArn(sandbox.instanceArn())
        .filter(f -> f.status(StatusValues.SUCCEEDED))).permissionSetsProvisioningStatus()).isEmpty();
  }

  @Test
  void unknownInstance_isNotFound() {
    start(SandboxTestSupport.fast());

    assertThatThrownBy(() -> sso.listPermissionSets(r -> r.instanceArn("arn:aws:sso:::instance/ssoins-0000000000000000")))
        .isInstanceOf(software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException.class);
    assertThat(URI.create(sandbox.endpoint().toString()).getHost()).isEqualTo("127.0.0.1");
  }
}
