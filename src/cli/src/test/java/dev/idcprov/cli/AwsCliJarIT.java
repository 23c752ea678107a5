package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * The packaged jar as an AWS CLI user runs it: settings from the AWS CLI's environment variables, pipes without
 * repeated flags, --query and the other output formats, errors for missing credentials and a dead endpoint, and
 * {@code check} with and without drift. Runs under failsafe in {@code mvn verify}.
 */
class AwsCliJarIT {
  private static final String KEY = "AKIAITCOMPAT00000001";
  private static final String SECRET = "it-compat-secret-do-not-print";

  @TempDir
  static Path home;
  private static SsoAdminSandbox sandbox;
  private static SsoAdminClient admin;
  private static String instance;

  @BeforeAll
  static void startSandbox() {
    sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(5).requestsPerSecond(1000)
        .provisioningDuration(Duration.ofSeconds(2), Duration.ofSeconds(10)).build().start();
    admin = SsoAdminClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .httpClient(UrlConnectionHttpClient.create()).build();
    instance = sandbox.instanceArn();
  }

  @AfterAll
  static void stopSandbox() {
    admin.close();
    sandbox.close();
  }

  /** What `export AWS_ACCESS_KEY_ID=... AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=...` gives a shell. */
  private static Map<String, String> awsCliShell() {
    return Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_ENDPOINT_URL", sandbox.endpoint().toString());
  }

  private static String newPermissionSet(String name) {
    String ps = admin.createPermissionSet(r -> r.instanceArn(instance).name(name)).permissionSet().permissionSetArn();
    admin.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
        .customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));
    return ps;
  }

  @Test
  void awsDefaultRegionAndEndpointVariables_areHonoured_andProvisionJsonPipesIntoWaitWithoutFlags() throws Exception {
    String ps = newPermissionSet("PipeNoFlags");

    // When provision runs with only the AWS CLI's variables (no --region, no --endpoint-url)
    Result submitted = run(List.of("provision", "--permission-set-arn", ps, "--account", "111111111111",
        "--no-wait", "-o", "json"), awsCliShell(), "");

    // Then it is accepted, and its JSON names the instance, the region and the endpoint
    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    JsonObject doc = JsonParser.parseString(submitted.out()).getAsJsonObject();
    assertThat(doc.get("region").getAsString()).isEqualTo("us-east-1");
    assertThat(doc.get("endpointUrl").getAsString()).isEqualTo(sandbox.endpoint().toString());

    // When that JSON is piped into wait in a shell that has only the keys (no region, no endpoint)
    Result waited = run(List.of("wait", "-", "--poll-interval", "100ms"),
        Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET), submitted.out());

    // Then wait follows the requests where provision sent them
    assertThat(waited.exitCode()).as(waited.err()).isZero();
    assertThat(waited.out()).contains("SUCCEEDED: 1 succeeded, 0 failed");
  }

  @Test
  void query_table_yaml_andAwsDefaultOutput() throws Exception {
    String ps = newPermissionSet("Formats");
    Result done = run(List.of("provision", "--permission-set-arn", ps, "--account", "111111111111,444444444444",
        "--poll-interval", "100ms", "--query", "requests[?status=='FAILED'].accountId", "-o", "text"),
        awsCliShell(), "");
    assertThat(done.exitCode()).as(done.err()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    assertThat(done.out()).isEqualTo("444444444444\n");

    Result table = run(List.of("status", "--instance-arn", instance, "--status", "FAILED", "-o", "table"),
        awsCliShell(), "");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("| command ").containsPattern("\\| requestId\\s+\\| status\\s+\\|")
        .contains("| FAILED ");

    Result yaml = run(List.of("status", "--instance-arn", instance, "--status", "FAILED", "--query",
        "{failed: count, first: requests[0].status}"), withEnv(awsCliShell(), "AWS_DEFAULT_OUTPUT", "yaml"), "");
    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    assertThat(yaml.out()).containsPattern("(?m)^failed: [1-9]").contains("first: FAILED");

    Result badQuery = run(List.of("status", "--instance-arn", instance, "--query", "requests[?"), awsCliShell(), "");
    assertThat(badQuery.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(badQuery.err()).contains("--query");
  }

  @Test
  void missingCredentials_oneShortParagraphNamingCredentials() throws Exception {
    Result r = run(List.of("status", "--instance-arn", instance),
        Map.of("AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", sandbox.endpoint().toString()), "");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(r.err().length()).as(r.err()).isLessThan(700);
    assertThat(r.err()).contains("credentials").contains("aws sso login --profile").contains("AWS_PROFILE")
        .contains("AWS_ACCESS_KEY_ID").doesNotContain("maxRetries").doesNotContain("providers in the chain");
  }

  @Test
  void unreachableEndpoint_failsWithinSeconds_namingIt() throws Exception {
    long start = System.nanoTime();
    Result r = run(List.of("status", "--instance-arn", instance, "--endpoint-url", "http://127.0.0.1:1"),
        withEnv(awsCliShell(), "HTTP_PROXY", "http://user:pw@127.0.0.1:9"), "");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(r.err()).contains("http://127.0.0.1:1").contains("Connection refused")
        .contains("through the proxy of HTTP_PROXY=http://127.0.0.1:9")
        .doesNotContain("pw@").doesNotContain("maxRetries").doesNotContain("quota");
  }

  @Test
  void check_reportsDrift_provisionOutdatedFixesIt_thenCheckIsCurrent() throws Exception {
    String ps = newPermissionSet("Drifting");
    Result first = run(List.of("provision", "--permission-set-arn", ps, "--account",
        "111111111111,222222222222,444444444444", "--poll-interval", "100ms"), awsCliShell(), "");
    assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    // a console edit: the two provisioned accounts are now outdated
    admin.updatePermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps).sessionDuration("PT2H"));

    Result drift = run(List.of("check", "--permission-set-arn", ps, "-o", "json"), awsCliShell(), "");
    assertThat(drift.exitCode()).as(drift.err()).isEqualTo(ExitCodes.DRIFT);
    JsonObject doc = JsonParser.parseString(drift.out()).getAsJsonObject();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("DRIFT");
    assertThat(doc.getAsJsonArray("findings").toString()).contains("\"permissionSetName\":\"Drifting\"")
        .contains("111111111111").contains("222222222222").contains("\"state\":\"FAILED\"")
        .contains("SandboxReadOnly");
    assertThat(drift.err()).contains("check: 1/1 permission set(s) read");

    Result text = run(List.of("check", "--permission-set-arn", ps), awsCliShell(), "");
    assertThat(text.exitCode()).isEqualTo(ExitCodes.DRIFT);
    assertThat(text.out()).contains("OUTDATED").contains("Drifting").contains("DRIFT: 2 outdated, 1 failed");

    // provision --outdated provisions what check found (the failed account fails again: its policy is missing)
    Result fix = run(List.of("provision", "--outdated", "--permission-set-arn", ps, "--poll-interval", "100ms",
        "-o", "json"), awsCliShell(), "");
    assertThat(fix.exitCode()).as(fix.err()).isEqualTo(ExitCodes.PROVISIONING_FAILED);
    JsonObject fixed = JsonParser.parseString(fix.out()).getAsJsonObject();
    // both provisioned accounts are outdated and none is up to date: one ALL_PROVISIONED_ACCOUNTS request for them,
    // beside the failed account's own request
    assertThat(fixed.getAsJsonObject("counts").get("total").getAsInt()).isEqualTo(2);
    assertThat(fixed.getAsJsonObject("counts").get("succeeded").getAsInt()).isEqualTo(1);
    assertThat(fixed.get("endReason").getAsString()).isEqualTo("FAILED");

    // check again: only the failed account is left
    Result after = run(List.of("check", "--permission-set-arn", ps, "--query", "findings[].[state, accountId]",
        "-o", "text"), awsCliShell(), "");
    assertThat(after.exitCode()).as(after.err()).isEqualTo(ExitCodes.DRIFT);
    assertThat(after.out()).isEqualTo("FAILED\t444444444444\n");
  }

  @Test
  void check_withoutDrift_exits0() throws Exception {
    String ps = admin.createPermissionSet(r -> r.instanceArn(instance).name("Current")).permissionSet()
        .permissionSetArn();
    Result first = run(List.of("provision", "--permission-set-arn", ps, "--account", "111111111111",
        "--poll-interval", "100ms"), awsCliShell(), "");
    assertThat(first.exitCode()).as(first.err()).isZero();

    Result check = run(List.of("check", "--permission-set-arn", ps, "-o", "table"), awsCliShell(), "");

    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).contains("| outcome ").contains("CURRENT");
  }

  @Test
  void debug_logsTheWire_withoutSecrets() throws Exception {
    Result r = run(List.of("status", "--instance-arn", instance, "--debug", "--max-items", "1"),
        withEnv(awsCliShell(), "AWS_SESSION_TOKEN", "it-session-token-do-not-print"), "");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains(">> POST").contains("X-Amz-Target")
        .contains("Signature=(redacted)").doesNotContain(SECRET).doesNotContain("it-session-token-do-not-print");
  }

  @Test
  void awsCaBundle_isTrustedForHttps_andAnUntrustedCertificateFailsAtOnce() throws Exception {
    // Given an HTTPS stand-in for SSO Admin whose certificate (for 127.0.0.1) no trust store knows
    Path keystore = home.resolve("tls.p12");
    Path pem = home.resolve("ca.pem");
    keytool("-genkeypair", "-alias", "it", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
        "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "it", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", pem.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      byte[] body = "{\"PermissionSetsProvisioningStatus\":[]}".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    https.start();
    try {
      Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET,
          "AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", "https://127.0.0.1:" + https.getAddress().getPort());

      // When status runs with AWS_CA_BUNDLE naming the certificate, it is trusted
      Result trusted = run(List.of("status", "--instance-arn", instance), withEnv(env, "AWS_CA_BUNDLE",
          pem.toString()), "");
      assertThat(trusted.exitCode()).as(trusted.err()).isZero();
      assertThat(trusted.out()).contains("0 request(s)");

      // When it runs without, the TLS failure is reported at once, naming the endpoint, not retried
      long start = System.nanoTime();
      Result untrusted = run(List.of("status", "--instance-arn", instance), env, "");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      assertThat(untrusted.exitCode()).isEqualTo(ExitCodes.AWS_ERROR);
      assertThat(untrusted.err()).contains("cannot reach https://127.0.0.1:" + https.getAddress().getPort())
          .contains("TLS failed");
    } finally {
      https.stop(0);
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = drain(p.getInputStream());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  private static Map<String, String> withEnv(Map<String, String> base, String name, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(name, value);
    return m;
  }

  record Result(int exitCode, String out, String err) {
  }

  /** Runs the jar with a clean AWS environment plus {@code env}, feeding {@code stdin}. */
  static Result run(List<String> args, Map<String, String> env, String stdin) throws Exception {
    String jar = System.getProperty("cli.jar");
    assertThat(jar).as("system property cli.jar (set by failsafe in pom.xml)").isNotNull();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.toLowerCase().endsWith("_proxy"));
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("HOME", home.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the jar did not finish within 60 s: " + args);
    }
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  static String drain(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
