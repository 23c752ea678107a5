package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Issue 9, with the packaged jar as its own process: nothing a {@code credential_process} writes (its stderr, the
 * secret key and session token of its JSON), nor the password of an endpoint URL's user-info, appears in any output
 * with {@code -v} or {@code --debug}, whether the process succeeds or fails.
 *
 * <p>What the AWS SDK (2.54) does with the process: {@code ProcessCredentialsProvider} pipes its stderr and never
 * copies it anywhere while the process succeeds; when the process exits non-zero it puts that stderr into its
 * exception's message ("Command returned non-zero exit value (1) with error message: ..."), which is where a
 * verbose stack trace or an error message could show it.
 */
class CliSecretsIT {
  private static final String STDERR_SECRET = "STDERR-SECRET-do-not-print-7f3a";
  private static final String KEY = "AKIAPROCESS000000001";
  private static final String SECRET = "process-secret-key-do-not-print-91c2";
  private static final String TOKEN = "process-session-token-do-not-print-5d7e";
  private static final String ACCOUNT = "111111111111";

  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void verboseProvision_withACredentialProcessWritingSecretsToStderr_printsNoneOfThem() throws Exception {
    try (SsoAdminSandbox sandbox = sandbox()) {
      String ps = permissionSet(sandbox);
      Path config = config(script("ok.sh", """
          #!/bin/sh
          echo "%s" >&2
          printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s","SessionToken":"%s"}'
          """.formatted(STDERR_SECRET, KEY, SECRET, TOKEN)));

      for (String flag : List.of("-v", "--debug")) {
        Result r = runJar(config, "provision", flag, "--profile", "proc", "--endpoint-url",
            sandbox.endpoint().toString(), "--region", "us-east-1", "--permission-set-arn", ps, "--account", ACCOUNT,
            "--poll-interval", "200ms", "--force", "-o", "json");

        assertThat(r.exitCode).as(flag + ": " + r.err).isZero();
        assertThat(r.err).as("the credentials were used").contains("\"journal\":\"accepted\"");
        assertNoSecret(flag, r);
      }
    }
  }

  @Test
  void verboseProvision_withAFailingCredentialProcess_printsNotItsStderr() throws Exception {
    try (SsoAdminSandbox sandbox = sandbox()) {
      String ps = permissionSet(sandbox);
      Path config = config(script("fail.sh", """
          #!/bin/sh
          echo "%s %s" >&2
          exit 1
          """.formatted(STDERR_SECRET, SECRET)));

      for (String flag : List.of("-v", "--debug")) {
        Result r = runJar(config, "provision", flag, "--profile", "proc", "--endpoint-url",
            sandbox.endpoint().toString(), "--region", "us-east-1", "--permission-set-arn", ps, "--account", ACCOUNT,
            "-o", "json");

        assertThat(r.exitCode).as(flag + ": " + r.err).isEqualTo(ExitCodes.AWS_ERROR);
        assertThat(r.err).as(flag).contains("error: no valid AWS credentials (tried profile 'proc'");
        assertNoSecret(flag, r);
        assertThat(sandbox.provisioningRecords()).isEmpty();
      }
    }
  }

  @Test
  void verboseProvision_withAPasswordInTheEndpointUrl_printsNotThePassword() throws Exception {
    try (SsoAdminSandbox sandbox = sandbox()) {
      String ps = permissionSet(sandbox);
      Path config = config(script("ok.sh", """
          #!/bin/sh
          printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s"}'
          """.formatted(KEY, SECRET)));
      String endpoint = sandbox.endpoint().toString().replace("://", "://user:" + STDERR_SECRET + "@");

      for (String flag : List.of("-v", "--debug")) {
        Result r = runJar(config, "provision", flag, "--profile", "proc", "--endpoint-url", endpoint,
            "--region", "us-east-1", "--permission-set-arn", ps, "--account", ACCOUNT, "-o", "json");

        assertThat(r.exitCode).as(flag + ": " + r.err).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err).as(flag).contains("--endpoint-url");
        assertNoSecret(flag, r);
      }
    }
  }

  private static void assertNoSecret(String flag, Result r) {
    for (String secret : List.of(STDERR_SECRET, SECRET, TOKEN)) {
      assertThat(r.out).as(flag + " stdout").doesNotContain(secret);
      assertThat(r.err).as(flag + " stderr").doesNotContain(secret);
    }
  }

  private static SsoAdminSandbox sandbox() {
    return SsoAdminSandbox.builder().timeScale(100).randomSeed(3)
        .provisioningDuration(Duration.ofSeconds(5), Duration.ofSeconds(5)).build().start();
  }

  private static String permissionSet(SsoAdminSandbox sandbox) {
    try (SsoAdminClient admin = SsoAdminClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      return admin.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Secrets")).permissionSet()
          .permissionSetArn();
    }
  }

  private Path script(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private Path config(Path script) throws IOException {
    Path config = dir.resolve("config");
    Files.writeString(config, "[profile proc]\ncredential_process = " + script + "\nregion = us-east-1\n");
    return config;
  }

  private record Result(int exitCode, String out, String err) {
  }

  private Result runJar(Path config, String... args) throws Exception {
    String jar = System.getProperty("cli.jar");
    assertThat(jar).as("system property cli.jar (set by failsafe in pom.xml)").isNotNull();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("AWS_CONFIG_FILE", config.toString());
    pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    Process p = pb.start();
    processes.add(p);
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the jar finished within 60 s").isTrue();
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static String drain(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
