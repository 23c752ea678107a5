package dev.idcprov.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The stand-in STS through the AWS SDK's own STS client and assume-role credentials provider, over HTTP. */
class StandInStsTest {
  private static final String BASE_KEY = "AKIASTANDINBASE00001";
  private static final String BASE_SECRET = "base-secret-do-not-print";
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/IdentityCenterAdmin";

  private StandInSts sts;

  @AfterEach
  void stop() {
    if (sts != null) {
      sts.close();
    }
  }

  private StsClient client(AwsCredentialsProvider credentials) {
    return StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
  }

  private static AwsCredentialsProvider base() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(BASE_KEY, BASE_SECRET));
  }

  @Test
  void getCallerIdentity_answersForTheSigningKey_andRecordsTheCall() {
    sts = StandInSts.start();

    try (StsClient client = client(base())) {
      GetCallerIdentityResponse me = client.getCallerIdentity();

      assertThat(me.account()).isEqualTo(StandInSts.DEFAULT_ACCOUNT);
      assertThat(me.arn()).isEqualTo("arn:aws:iam::111111111111:user/deployer");
      assertThat(me.responseMetadata().requestId()).isNotBlank();
    }
    assertThat(sts.calls()).singleElement().satisfies(c -> {
      assertThat(c.action()).isEqualTo("GetCallerIdentity");
      assertThat(c.signingKey()).isEqualTo(BASE_KEY);
      assertThat(c.parameters()).containsEntry("Action", "GetCallerIdentity").containsEntry("Version", "2011-06-15");
    });
  }

  @Test
  void assumeRole_throughTheSdkProvider_handsOutTheRoleCredentials_thatResolveToTheRoleSession() {
    sts = StandInSts.start();

    try (StsClient baseClient = client(base());
         StsAssumeRoleCredentialsProvider asRole = StsAssumeRoleCredentialsProvider.builder().stsClient(baseClient)
             .refreshRequest(r -> r.roleArn(ROLE_ARN).roleSessionName("ci-deploy").durationSeconds(900)).build();
         StsClient roleClient = client(asRole)) {
      AwsSessionCredentials credentials = (AwsSessionCredentials) asRole.resolveCredentials();
      GetCallerIdentityResponse me = roleClient.getCallerIdentity();

      assertThat(credentials.accessKeyId()).isEqualTo(StandInSts.DEFAULT_ROLE_KEY);
      assertThat(credentials.secretAccessKey()).isEqualTo(StandInSts.DEFAULT_ROLE_SECRET);
      assertThat(credentials.sessionToken()).isEqualTo(StandInSts.DEFAULT_ROLE_TOKEN);
      assertThat(me.arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/IdentityCenterAdmin/ci-deploy");
    }
    assertThat(sts.calls()).extracting(StandInSts.Call::action).containsExactly("AssumeRole", "GetCallerIdentity");
    assertThat(sts.calls()).extracting(StandInSts.Call::signingKey)
        .containsExactly(BASE_KEY, StandInSts.DEFAULT_ROLE_KEY);
    assertThat(sts.calls("AssumeRole")).singleElement().satisfies(c -> assertThat(c.parameters())
        .containsEntry("RoleArn", ROLE_ARN).containsEntry("RoleSessionName", "ci-deploy")
        .containsEntry("DurationSeconds", "900"));
  }

  @Test
  void builder_setsTheAccount_theUser_andTheRoleCredentials() {
    StandInSts.RoleCredentials role = new StandInSts.RoleCredentials("ASIAOTHERROLE0000001", "other-secret",
        "other-token");
    sts = StandInSts.builder().account("123456789012").userName("rehearsal").roleCredentials(role).start();

    try (StsClient baseClient = client(base());
         StsClient roleClient = client(StaticCredentialsProvider.create(
             AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(), role.sessionToken())))) {
      assertThat(baseClient.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/rehearsal");
      assertThat(baseClient.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/path/Admin")
          .roleSessionName("s1")).credentials().accessKeyId()).isEqualTo(role.accessKeyId());
      GetCallerIdentityResponse me = roleClient.getCallerIdentity();
      assertThat(me.account()).isEqualTo("123456789012");
      assertThat(me.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Admin/s1");
    }
    assertThat(sts.roleSigningKeys()).isEqualTo(Map.of("ASIAOTHERROLE0000001", "other-secret"));
  }

  @Test
  void anotherAction_isInvalidAction_andAnUnsignedRequest_isMissingAuthenticationToken() throws Exception {
    sts = StandInSts.start();

    try (StsClient client = client(base())) {
      assertThatThrownBy(client::getSessionToken).isInstanceOfSatisfying(StsException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
      });
    }
    HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sts.endpoint())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");
    assertThat(sts.calls()).extracting(StandInSts.Call::action).containsExactly("GetSessionToken",
        "GetCallerIdentity");
    assertThat(sts.calls().get(1).signingKey()).isEmpty();
  }

  @Test
  void noSecret_inItsDescriptions() {
    sts = StandInSts.start();
    try (StsClient client = client(base())) {
      client.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s"));
    }

    String described = sts + " " + sts.roleCredentials() + " " + sts.calls();
    assertThat(described).contains(StandInSts.DEFAULT_ROLE_KEY, BASE_KEY)
        .doesNotContain(StandInSts.DEFAULT_ROLE_SECRET, StandInSts.DEFAULT_ROLE_TOKEN, BASE_SECRET);
  }

  @Test
  void badSettings_areRejectedNamingThem() {
    assertThatThrownBy(() -> StandInSts.builder().account("12345")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("account must be 12 digits, got '12345'");
    assertThatThrownBy(() -> StandInSts.builder().userName("a b")).hasMessageContaining("userName");
    assertThatThrownBy(() -> new StandInSts.RoleCredentials("short", "s", "t"))
        .hasMessageContaining("accessKeyId must be 16 to 128");
    assertThatThrownBy(() -> StandInSts.builder().port(70000)).hasMessage("port must be 0 to 65535, got 70000");
  }

  @Test
  void onCall_isToldOfEachCall_beforeItIsAnswered() {
    List<String> seen = new CopyOnWriteArrayList<>();
    sts = StandInSts.builder().onCall(c -> seen.add(c.action() + " recorded so far: " + sts.calls().size()))
        .start();

    try (StsClient client = client(base())) {
      client.getCallerIdentity();
      assertThat(seen).containsExactly("GetCallerIdentity recorded so far: 1");
      client.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s"));
    }
    assertThat(seen).containsExactly("GetCallerIdentity recorded so far: 1", "AssumeRole recorded so far: 2");
  }

  @Test
  void endpointsConfig_pointsStsHere() {
    sts = StandInSts.start();

    assertThat(sts.endpointsConfig()).isEqualTo("[{\"sts\":\"" + URI.create("http://127.0.0.1:"
        + sts.endpoint().getPort()) + "\"}]");
  }
}
