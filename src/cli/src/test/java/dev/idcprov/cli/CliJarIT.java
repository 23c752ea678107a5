package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;

/**
 * The packaged command-line jar ({@code target/*-cli.jar}, built by {@code mvn package}) run as its own process, the
 * way a pipeline runs it: the real {@code Main.main}, the SDK's default chains fed by a shared config file, the
 * {@code sandbox} subcommand as the endpoint, and signals. Runs under failsafe in {@code mvn verify}.
 */
class CliJarIT {
  /** The temporary credentials the stand-in STS hands out; the sandbox accepts calls signed with these only. */
  private static final String ROLE_KEY = "ASIAITROLE0000000001";
  private static final String ROLE_SECRET = "it-role-secret-do-not-print";
  private static final String BASE_KEY = "AKIAITBASE0000000001";
  private static final String BASE_SECRET = "it-base-secret-do-not-print";
  private static final String ROLE_ARN = "arn:aws:iam::111111111111:role/IdcProvisioningDeployer";
  private static final Pattern ENDPOINT = Pattern.compile("endpoint:\\s+(http://127\\.0\\.0\\.1:\\d+)\\R");
  private static final Pattern INSTANCE = Pattern.compile("instance ARN:\\s+(arn:aws:sso:::instance/\\S+)\\R");

  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();
  private HttpServer sts;
  private final List<String> stsCalls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void standInSts() throws IOException {
    // STS cannot be reached from here: a stand-in answers AssumeRole with fixed temporary credentials and records
    // who asked (the Authorization header names the signing access key)
    sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sts.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      stsCalls.add(body + " | " + ex.getRequestHeaders().getFirst("Authorization"));
      String action = body.contains("Action=AssumeRoleWithWebIdentity") ? "AssumeRoleWithWebIdentity" : "AssumeRole";
      byte[] xml = ("<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action
          + "Result><Credentials><AccessKeyId>" + ROLE_KEY + "</AccessKeyId><SecretAccessKey>" + ROLE_SECRET
          + "</SecretAccessKey><SessionToken>it-session-token</SessionToken>"
          + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>"
          + "arn:aws:sts::111111111111:assumed-role/IdcProvisioningDeployer/it</Arn><AssumedRoleId>AROAIT:it"
          + "</AssumedRoleId></AssumedRoleUser></" + action + "Result><ResponseMetadata><RequestId>"
          + "00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></" + action + "Response>")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/xml");
      ex.sendResponseHeaders(200, xml.length);
      ex.getResponseBody().write(xml);
      ex.close();
    });
    sts.start();
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    sts.stop(0);
  }

  @Test
  void provision_withAnAssumeRoleProfile_signsWithTheRolesCredentials_andPrintsNoSecret() throws Exception {
    // Given the jar's sandbox, accepting only calls signed with the role's temporary credentials
    Process sandbox = start(List.of("sandbox", "--port", "0", "--time-scale", "100", "--random-seed", "3",
        "--verify-signatures", ROLE_KEY + "=" + ROLE_SECRET), Map.of());
    String banner = awaitOutput(sandbox, ENDPOINT, INSTANCE);
    URI endpoint = URI.create(group(ENDPOINT, banner));
    String instance = group(INSTANCE, banner);
    String ps;
    try (SsoAdminClient admin = client(endpoint, ROLE_KEY, ROLE_SECRET)) {
      ps = admin.createPermissionSet(r -> r.instanceArn(instance).name("Deployers")).permissionSet()
          .permissionSetArn();
    }
    // and a profile that assumes a role from a source profile's keys, as deployers' profiles commonly do
    Map<String, String> env = profileEnvironment();

    // When the jar provisions with --profile
    Result run = runJar(List.of("provision", "--profile", "deployer", "--endpoint-url", endpoint.toString(),
        "--instance-arn", instance, "--permission-set-arn", ps, "--account", "111111111111,222222222222",
        "--poll-interval", "100ms", "--max-poll-interval", "500ms", "--timeout", "60s", "-o", "json"), env);

    // Then the role was assumed with the source profile's keys, every call was signed with the role's
    // credentials (the sandbox rejects anything else), the requests succeeded, and no secret was printed
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(stsCalls).singleElement().satisfies(call -> assertThat(call)
        .contains("Action=AssumeRole").contains("RoleArn=" + ROLE_ARN.replace(":", "%3A").replace("/", "%2F"))
        .contains("Credential=" + BASE_KEY + "/"));
    JsonObject doc = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(doc.getAsJsonArray("requests")).hasSize(2)
        .allSatisfy(r -> assertThat(r.getAsJsonObject().get("status").getAsString()).isEqualTo("SUCCEEDED"));
    assertThat(run.out() + run.err()).doesNotContain(ROLE_SECRET).doesNotContain(BASE_SECRET)
        .doesNotContain("it-session-token");

    // When the source profile itself is used (its keys are not accepted by this sandbox)
    Result denied = runJar(List.of("status", "--profile", "base", "--endpoint-url", endpoint.toString(),
        "--instance-arn", instance), env);

    // Then the command fails as an AWS error naming the rejected credentials, without printing the secret
    assertThat(denied.exitCode()).as(denied.err()).isEqualTo(ExitCodes.AWS_ERROR);
    assertThat(denied.err()).contains("ListPermissionSetProvisioningStatus").contains("UnrecognizedClientException")
        .doesNotContain(BASE_SECRET);

    // When the sandbox gets SIGTERM, it stops cleanly and prints its metrics
    sigterm(sandbox);
    assertThat(sandbox.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(sandbox.exitValue()).isZero();
    assertThat(drain(sandbox.getInputStream()) + drain(sandbox.getErrorStream()))
        .containsPattern("ProvisionPermissionSet\\s+2\\s");
  }

  @Test
  void status_withWebIdentityFromThePipeline_assumesTheRole() throws Exception {
    // Given what OIDC in a pipeline (or EKS) sets: a role ARN and a web identity token file, no keys, no profile
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().verifySignatures(Map.of(ROLE_KEY, ROLE_SECRET))
        .build().start()) {
      Path token = dir.resolve("oidc-token");
      Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ.c2lnbmF0dXJl");
      Map<String, String> env = Map.of("AWS_ROLE_ARN", ROLE_ARN, "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
          "AWS_ROLE_SESSION_NAME", "pipeline-it", "AWS_REGION", "us-east-1",
          "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + sts.getAddress().getPort());

      // When the jar lists provisioning status with the default credential chain
      Result run = runJar(List.of("status", "--endpoint-url", sandbox.endpoint().toString(), "--instance-arn",
          sandbox.instanceArn(), "-o", "json"), env);

      // Then it exchanged the token for the role's credentials and signed with them (the sandbox accepts no other)
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(stsCalls).singleElement().satisfies(call -> assertThat(call)
          .contains("Action=AssumeRoleWithWebIdentity").contains("RoleSessionName=pipeline-it"));
      assertThat(sandbox.requests()).extracting(RecordedRequest::operation)
          .containsExactly("ListPermissionSetProvisioningStatus");
      assertThat(run.out() + run.err()).doesNotContain(ROLE_SECRET).doesNotContain("it-session-token");
    }
  }

  @Test
  void wait_stoppedBySigterm_exits5_namingThePendingRequests() throws Exception {
    // Given requests whose provisioning takes an hour
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(1).randomSeed(7)
        .provisioningDuration(Duration.ofHours(1), Duration.ofHours(1)).build().start();
         SsoAdminClient admin = client(sandbox.endpoint(), BASE_KEY, BASE_SECRET)) {
      String instance = sandbox.instanceArn();
      String ps = admin.createPermissionSet(r -> r.instanceArn(instance).name("Slow")).permissionSet()
          .permissionSetArn();
      List<String> ids = new ArrayList<>();
      for (String account : List.of("111111111111", "222222222222")) {
        ids.add(admin.provisionPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
            .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(account))
            .permissionSetProvisioningStatus().requestId());
      }

      // When the jar waits for them and is sent SIGTERM (what Ctrl-C or a pipeline's cancel does) once waiting
      List<String> args = new ArrayList<>(List.of("wait", "--endpoint-url", sandbox.endpoint().toString(),
          "--region", "us-east-1", "--instance-arn", instance, "--poll-interval", "200ms"));
      args.addAll(ids);
      Process waiting = start(args, Map.of("AWS_ACCESS_KEY_ID", BASE_KEY, "AWS_SECRET_ACCESS_KEY", BASE_SECRET));
      awaitError(waiting, "0/2 provisioned");
      sigterm(waiting);

      // Then it exits 5 within the grace period, naming each pending request and how to resume
      assertThat(waiting.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String err = drain(waiting.getErrorStream());
      assertThat(waiting.exitValue()).as(err).isEqualTo(ExitCodes.INTERRUPTED);
      assertThat(err).contains(ids.get(0)).contains(ids.get(1)).contains("run 'wait'");
    }
  }

  /**
   * Sends SIGTERM the way a shell or a pipeline's cancel does. ({@code Process.destroy()} also sends SIGTERM but
   * closes this side's pipes first, which would lose what the process prints on its way out.)
   */
  private static void sigterm(Process p) throws Exception {
    Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -TERM " + p.pid()).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private Map<String, String> profileEnvironment() throws IOException {
    Path config = dir.resolve("config");
    Files.writeString(config, String.join("\n",
        "[profile base]",
        "region = us-east-1",
        "[profile deployer]",
        "role_arn = " + ROLE_ARN,
        "source_profile = base",
        "region = us-east-1",
        ""));
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, String.join("\n",
        "[base]",
        "aws_access_key_id = " + BASE_KEY,
        "aws_secret_access_key = " + BASE_SECRET,
        ""));
    return Map.of("AWS_CONFIG_FILE", config.toString(), "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
        "AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + sts.getAddress().getPort());
  }

  private static SsoAdminClient client(URI endpoint, String key, String secret) {
    return SsoAdminClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Starts the jar with a clean AWS environment (no keys, profile or region of the machine running the test). */
  private Process start(List<String> args, Map<String, String> env) throws IOException {
    String jar = System.getProperty("cli.jar");
    assertThat(jar).as("system property cli.jar (set by failsafe in pom.xml)").isNotNull();
    assertThat(Path.of(jar)).as("the command-line jar; built by mvn package").exists();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("HOME", dir.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private record Result(int exitCode, String out, String err) {
  }

  private Result runJar(List<String> args, Map<String, String> env) throws Exception {
    Process p = start(args, env);
    p.getOutputStream().close();
    // read both streams while it runs so that a full pipe never blocks it
    CompletableFuture<String> out = new CompletableFuture<>();
    CompletableFuture<String> err = new CompletableFuture<>();
    new Thread(() -> out.complete(drain(p.getInputStream()))).start();
    new Thread(() -> err.complete(drain(p.getErrorStream()))).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the jar finished within 60 s").isTrue();
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  /**
   * Reads stdout, whole lines only, until every one of {@code patterns} has matched a complete line; returns those
   * lines. (Matching what has arrived so far instead let a banner printed line by line be taken before its second
   * line had arrived, or a port number be cut where one write ended, which happened on a busy machine.)
   */
  private static String awaitOutput(Process p, Pattern... patterns) throws Exception {
    return awaitLines(p, p.getInputStream(), text -> {
      for (Pattern pattern : patterns) {
        if (!pattern.matcher(text).find()) {
          return false;
        }
      }
      return true;
    }, "stdout lines matching " + List.of(patterns));
  }

  private static void awaitError(Process p, String text) throws Exception {
    awaitLines(p, p.getErrorStream(), s -> s.contains(text), "a stderr line containing '" + text + "'");
  }

  /**
   * Reads complete lines of {@code in} (byte by byte, so that nothing after the last line read is taken from the
   * stream: a later {@link #drain} gets the rest) until {@code done} holds for them. Blocking reads, no polling: it
   * returns as soon as the line is there, however slow the machine; it fails if the stream ends first, and gives up
   * after a minute only as a guard against a process that hangs.
   */
  private static String awaitLines(Process p, InputStream in, Predicate<String> done, String what)
      throws Exception {
    StringBuilder lines = new StringBuilder();
    CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
      try {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        while (true) {
          int b = in.read();
          if (b < 0) {
            throw new AssertionError("stream ended before " + what + "; got: " + lines);
          }
          line.write(b);
          if (b == '\n') {
            synchronized (lines) {
              lines.append(line.toString(StandardCharsets.UTF_8));
            }
            line.reset();
            if (done.test(lines.toString())) {
              return lines.toString();
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      return read.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      synchronized (lines) {
        throw new AssertionError("no " + what + " within 60 s (process alive: " + p.isAlive() + "); got: " + lines);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) {
        throw a;
      }
      throw e;
    }
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as(pattern + " in: " + text).isTrue();
    return m.group(1);
  }

  private static String drain(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
