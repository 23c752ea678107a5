package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;

/**
 * The command line in-process against a started {@link SsoAdminSandbox}, through the real SDK client over HTTP
 * ({@code --endpoint-url}), with static test credentials.
 */
class CliSandboxEndToEndTest {
  private static final String ACCESS_KEY = "AKIACLITEST000000001";
  private static final String SECRET_KEY = "cli-test-secret";
  private static final String SUSPENDED = SandboxSeed.DEFAULT_SUSPENDED_ACCOUNT;
  private static final String NO_POLICIES = SandboxSeed.DEFAULT_ACCOUNT_WITHOUT_POLICIES;

  private static SsoAdminSandbox sandbox;
  private static SsoAdminClient admin;
  private static String instance;

  /** Clients built from the command's settings (endpoint, region) with static test credentials. */
  static final CliServices SERVICES = settings -> {
    return client(settings.endpoint().orElseThrow(), Region.of(settings.region().orElseThrow()));
  };

  @BeforeAll
  static void startSandbox() {
    // Dummy test credentials for the SDK's default chain in runs through CliServices.aws().
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(11).requestsPerSecond(1000)
        .provisioningDuration(Duration.ofSeconds(2), Duration.ofSeconds(20)).build().start();
    admin = client(sandbox.endpoint(), Region.US_EAST_1);
    instance = sandbox.instanceArn();
  }

  @AfterAll
  static void stopSandbox() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    admin.close();
    sandbox.close();
  }

  static SsoAdminClient client(URI endpoint, Region region) {
    return SsoAdminClient.builder().endpointOverride(endpoint).region(region)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** A new permission set referencing the customer managed policy every ACTIVE account but one has. */
  private static String newPermissionSet(String name) {
    String ps = admin.createPermissionSet(r -> r.instanceArn(instance).name(name)).permissionSet().permissionSetArn();
    admin.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    return ps;
  }

  private static String submit(String ps, String account) {
    return admin.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account))
        .permissionSetProvisioningStatus().requestId();
  }

  private static String[] aws(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", sandbox.endpoint().toString(), "--region", "us-east-1"));
    return all.toArray(String[]::new);
  }

  private static List<String> statuses(JsonObject doc) {
    List<String> list = new ArrayList<>();
    for (JsonElement e : doc.getAsJsonArray("requests")) {
      list.add(e.getAsJsonObject().get("status").getAsString());
    }
    return list;
  }

  @Test
  void wait_forSucceedingRequests_exits0_withJsonResult() {
    String ps = newPermissionSet("WaitOk");
    String id1 = submit(ps, "111111111111");
    String id2 = submit(ps, "222222222222");

    CliRunner.Run run = CliRunner.run(SERVICES, aws("wait", "--instance-arn", instance, id1, id2,
        "--poll-interval", "20ms", "--max-poll-interval", "50ms", "--timeout", "30s", "-o", "json"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(statuses(doc)).containsExactly("SUCCEEDED", "SUCCEEDED");
    assertThat(doc.getAsJsonArray("requests").get(0).getAsJsonObject().get("requestId").getAsString())
        .isEqualTo(id1);
    assertThat(doc.get("apiCalls").getAsInt()).isPositive();
    assertThat(run.err()).contains("2/2 provisioned, 0 failed, 0 in progress");
  }

  @Test
  void wait_forAFailingRequest_exits1_withTheAwsReason() {
    String ps = newPermissionSet("WaitFail");
    String ok = submit(ps, "333333333333");
    String bad = submit(ps, NO_POLICIES);

    CliRunner.Run run = CliRunner.run(SERVICES, aws("wait", "--instance-arn", instance, ok, bad,
        "--poll-interval", "20ms", "--max-poll-interval", "50ms", "--timeout", "30s", "-o", "json"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(statuses(doc)).containsExactly("SUCCEEDED", "FAILED");
    String reason = doc.getAsJsonArray("requests").get(1).getAsJsonObject().get("failureReason").getAsString();
    assertThat(reason).contains(SandboxSeed.DEFAULT_READ_ONLY_POLICY);
    assertThat(run.err()).contains("account " + NO_POLICIES).contains(reason).contains("check:");
  }

  @Test
  void status_listsEveryPage_withTheFilter() {
    String ps = newPermissionSet("StatusList");
    String id1 = submit(ps, "555555555555");
    String id2 = submit(ps, "666666666666");
    CliRunner.run(SERVICES, aws("wait", "--instance-arn", instance, id1, id2, "--poll-interval", "20ms",
        "--max-poll-interval", "50ms"));

    CliRunner.Run run = CliRunner.run(SERVICES, aws("status", "--instance-arn", instance, "--status", "SUCCEEDED",
        "--page-size", "1", "-o", "json"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    JsonArray requests = doc.getAsJsonArray("requests");
    List<String> ids = new ArrayList<>();
    requests.forEach(e -> ids.add(e.getAsJsonObject().get("requestId").getAsString()));
    assertThat(ids).contains(id1, id2);
    assertThat(statuses(doc)).containsOnly("SUCCEEDED");
    assertThat(doc.get("pages").getAsInt()).isGreaterThanOrEqualTo(requests.size());
  }

  @Test
  void status_describesARequest_withItsReason() {
    String ps = newPermissionSet("StatusDescribe");
    String bad = submit(ps, NO_POLICIES);
    CliRunner.run(SERVICES, aws("wait", "--instance-arn", instance, bad, "--poll-interval", "20ms",
        "--max-poll-interval", "50ms"));

    CliRunner.Run run = CliRunner.run(SERVICES, aws("status", "--instance-arn", instance, "--request-id", bad));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains(bad).contains("FAILED").contains(NO_POLICIES)
        .contains(SandboxSeed.DEFAULT_READ_ONLY_POLICY);
  }

  @Test
  void wait_pastTheDeadline_exits3_namingThePendingRequest() {
    try (SsoAdminSandbox slow = SsoAdminSandbox.builder().randomSeed(3).requestsPerSecond(1000)
        .provisioningDuration(Duration.ofMinutes(10), Duration.ofMinutes(10)).build().start();
         SsoAdminClient slowAdmin = client(slow.endpoint(), Region.US_EAST_1)) {
      String ps = slowAdmin.createPermissionSet(r -> r.instanceArn(slow.instanceArn()).name("Slow"))
          .permissionSet().permissionSetArn();
      String id = slowAdmin.provisionPermissionSet(r -> r.instanceArn(slow.instanceArn()).permissionSetArn(ps)
          .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId("111111111111"))
          .permissionSetProvisioningStatus().requestId();

      CliRunner.Run run = CliRunner.run(SERVICES, "wait", "--instance-arn", slow.instanceArn(), id, "--timeout",
          "300ms", "--poll-interval", "50ms", "--max-poll-interval", "100ms", "--endpoint-url",
          slow.endpoint().toString(), "--region", "us-east-1");

      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.TIMEOUT);
      assertThat(run.err()).contains("pending RequestIds:\n  " + id);
      assertThat(run.out()).contains("TIMED_OUT").contains("IN_PROGRESS");
    }
  }

  @Test
  void unknownInstance_exits4_withTheAwsError() {
    CliRunner.Run run = CliRunner.run(SERVICES, aws("status", "--instance-arn",
        "arn:aws:sso:::instance/ssoins-0000000000000000"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(run.err()).contains("ListPermissionSetProvisioningStatus");
  }

  @Test
  void sandboxCommand_printsItsEndpoint_servesTheSdk_andPrintsMetricsWhenStopped() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.newCommandLine(SERVICES, System.in);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int[] exit = {-1};
    Thread thread = new Thread(() -> exit[0] = cli.execute("sandbox", "--port", "0", "--time-scale", "100",
        "--random-seed", "5"), "sandbox-command");
    thread.start();
    Pattern endpoint = Pattern.compile("endpoint:\\s+(http://127\\.0\\.0\\.1:\\d+)");
    // waits for the event itself; the limit only stops a hung command from hanging the build
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Matcher m = endpoint.matcher("");
    while (!(m = endpoint.matcher(out.toString())).find() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(m.find(0)).as("endpoint printed; stdout: " + out + " stderr: " + err).isTrue();
    URI url = URI.create(m.group(1));

    try (SsoAdminClient c = client(url, Region.US_EAST_1)) {
      assertThat(c.listInstances(r -> { }).instances()).hasSize(1);
    }
    thread.interrupt();
    thread.join(10_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(exit[0]).isZero();
    assertThat(out.toString()).contains("instance ARN: " + SandboxSeed.DEFAULT_INSTANCE_ARN)
        .contains("111111111111").contains("aws sso-admin list-instances --endpoint-url " + url)
        .contains("OPERATION").containsPattern("ListInstances\\s+1\\s");
    assertThat(err.toString()).contains("sandbox stopped");
  }

  private static long provisionCalls() {
    return sandbox.requests().stream().filter(r -> r.operation().equals("ProvisionPermissionSet")).count();
  }

  /** Real runs' services: AwsClientSettings.createClient, credentials from the SDK chain (system properties). */
  private static CliRunner.Run provisionReal(String stdin, String... args) {
    return CliRunner.runWithStdin(CliServices.aws(), stdin, aws(args));
  }

  @Test
  void provision_newTargets_exits0_withEveryRequestSucceededInJson() {
    String ps = newPermissionSet("ProvisionOk");

    CliRunner.Run run = provisionReal("", "provision", "--permission-set-arn", ps, "--account",
        "111111111111,222222222222", "--poll-interval", "20ms", "--max-poll-interval", "50ms", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("SUCCEEDED");
    assertThat(statuses(doc)).containsExactly("SUCCEEDED", "SUCCEEDED");
    List<String> accounts = new ArrayList<>();
    doc.getAsJsonArray("requests").forEach(e -> accounts.add(e.getAsJsonObject().get("accountId").getAsString()));
    assertThat(accounts).containsExactlyInAnyOrder("111111111111", "222222222222");
    assertThat(doc.getAsJsonObject("plan").getAsJsonArray("targets")).hasSize(2);
    assertThat(run.err()).contains("plan: 2 provisioning request(s)").contains("2/2 provisioned");
  }

  @Test
  void provision_upToDateTargets_makesNoProvisioningCall() {
    String ps = newPermissionSet("ProvisionTwice");
    provisionReal("", "provision", "--permission-set-arn", ps, "--account", "888888888888", "--poll-interval",
        "20ms", "--max-poll-interval", "50ms");
    long before = provisionCalls();

    CliRunner.Run run = provisionReal("", "provision", "--permission-set-arn", ps, "--account", "888888888888");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("nothing to provision");
    assertThat(provisionCalls()).isEqualTo(before);
  }

  @Test
  void provision_withAFailingAccount_exits1_withTheReasonOnStderr() {
    String ps = newPermissionSet("ProvisionFail");

    CliRunner.Run run = provisionReal("", "provision", "--permission-set-arn", ps, "--account", "777777777777",
        "--account", NO_POLICIES, "--poll-interval", "20ms", "--max-poll-interval", "50ms");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    assertThat(run.out()).contains("777777777777").contains(NO_POLICIES).contains("SUCCEEDED").contains("FAILED");
    assertThat(run.err()).contains("account " + NO_POLICIES).contains(SandboxSeed.DEFAULT_READ_ONLY_POLICY);
  }

  @Test
  void provisionNoWait_pipedIntoWait_followsTheSameRequests() {
    String ps = newPermissionSet("Pipeline");

    CliRunner.Run submitted = provisionReal("", "provision", "--permission-set-arn", ps, "--account",
        "999999999999,101010101010", "--no-wait", "-o", "json");
    CliRunner.Run waited = provisionReal(submitted.out(), "wait", "-", "--poll-interval", "20ms",
        "--max-poll-interval", "50ms", "-o", "json");

    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    JsonObject sub = JsonParser.parseString(submitted.out()).getAsJsonObject();
    assertThat(sub.get("outcome").getAsString()).isEqualTo("SUBMITTED");
    assertThat(statuses(sub)).containsExactly("IN_PROGRESS", "IN_PROGRESS");
    assertThat(waited.exitCode()).as(waited.err()).isZero();
    JsonObject doc = JsonParser.parseString(waited.out()).getAsJsonObject();
    assertThat(doc.get("instanceArn").getAsString()).isEqualTo(instance);
    assertThat(statuses(doc)).containsExactly("SUCCEEDED", "SUCCEEDED");
    assertThat(doc.getAsJsonArray("requests").get(0).getAsJsonObject().get("requestId"))
        .isEqualTo(sub.getAsJsonArray("requests").get(0).getAsJsonObject().get("requestId"));
    assertThat(doc.getAsJsonArray("requests").get(0).getAsJsonObject().get("accountId").getAsString())
        .isIn("999999999999", "101010101010");
  }

  @Test
  void provisionDryRun_makesNoProvisioningCall_andPrintsThePlan() {
    String ps = newPermissionSet("DryRun");
    long before = provisionCalls();

    CliRunner.Run run = provisionReal("", "provision", "--permission-set-arn", ps, "--account",
        "111111111111", "--account", SUSPENDED, "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(provisionCalls()).isEqualTo(before);
    assertThat(run.out()).contains("111111111111").contains(SUSPENDED).contains("NOT_PROVISIONED")
        .contains("plan: 2 provisioning request(s)");
  }
  @Test
  void provisionForcedToAllProvisionedAccounts_isOneRequestWithoutAccount() {
    String ps = newPermissionSet("ForceAll");
    provisionReal("", "provision", "--permission-set-arn", ps, "--account", "111111111111,222222222222",
        "--poll-interval", "20ms", "--max-poll-interval", "50ms");

    CliRunner.Run run = provisionReal("", "provision", "--permission-set-arn", ps, "--all-provisioned-accounts",
        "--force", "--poll-interval", "20ms", "--max-poll-interval", "50ms", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.getAsJsonArray("requests")).hasSize(1);
    JsonObject request = doc.getAsJsonArray("requests").get(0).getAsJsonObject();
    assertThat(request.get("targetType").getAsString()).isEqualTo("ALL_PROVISIONED_ACCOUNTS");
    assertThat(request.get("accountId").isJsonNull()).isTrue();
    assertThat(request.get("status").getAsString()).isEqualTo("SUCCEEDED");
  }

  @Test
  void sandboxCommandJson_printsOneStartupDocument_andMetricsOnStderr() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.newCommandLine(SERVICES, System.in);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    Thread thread = new Thread(() -> cli.execute("sandbox", "--output", "json", "--generated-accounts", "3"),
        "sandbox-command-json");
    thread.start();
    // waits for the event itself; the limit only stops a hung command from hanging the build
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!err.toString().contains("sandbox running") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    thread.interrupt();
    thread.join(10_000);

    JsonObject doc = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(doc.get("endpoint").getAsString()).startsWith("http://127.0.0.1:");
    assertThat(doc.get("instanceArn").getAsString()).isEqualTo(SandboxSeed.DEFAULT_INSTANCE_ARN);
    assertThat(doc.getAsJsonArray("accountIds")).hasSize(3);
    assertThat(err.toString()).contains("OPERATION").contains("TOTAL");
  }
}
