package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * Runs the {@code console doctest} blocks of README.md and docs/CLI.md with the packaged jar against a fresh sandbox,
 * so a transcript that stops being true fails {@code mvn verify}.
 *
 * <p>In a transcript, {@code $ } starts a command (a trailing backslash continues it); the lines after it are
 * expected output (stdout and stderr together), each found in order, with runs of spaces equal to one and
 * {@code ...} matching anything; {@code [exit N]} is the expected exit code (0 when absent). Commands run in bash,
 * one after the other, keeping exported variables. Before the first, {@code E} (the sandbox's endpoint), {@code I}
 * (its instance ARN) and {@code PS} (a permission set "ReadOnly" referencing the customer managed policy
 * {@code SandboxReadOnly}, as the walkthrough's {@code aws sso-admin} lines create it) are set, with dummy keys,
 * and {@code idc-provisioning} runs the packaged jar.
 */
class DocTranscriptIT {
  private static final Pattern EXIT = Pattern.compile("\\[exit (\\d+)]");

  @TempDir
  Path dir;

  record Doc(String file) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Doc> documents() {
    return DocBlocks.DOCUMENTS.stream().map(Doc::new);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void transcriptsHold(Doc doc) throws Exception {
    List<DocBlocks.Block> blocks = DocBlocks.of(doc.file()).stream().filter(DocBlocks.Block::doctest).toList();
    assertThat(blocks).as("console doctest blocks in " + doc.file()).isNotEmpty();
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(1).requestsPerSecond(1000)
        .provisioningDuration(Duration.ofSeconds(1), Duration.ofSeconds(5)).build().start();
         SsoAdminClient admin = SsoAdminClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
             .httpClient(UrlConnectionHttpClient.create()).build()) {
      String instance = sandbox.instanceArn();
      String ps = admin.createPermissionSet(r -> r.instanceArn(instance).name("ReadOnly")).permissionSet()
          .permissionSetArn();
      admin.attachCustomerManagedPolicyReferenceToPermissionSet(r -> r.instanceArn(instance).permissionSetArn(ps)
          .customerManagedPolicyReference(c -> c.name(SandboxSeed.DEFAULT_READ_ONLY_POLICY)));

      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path launcher = bin.resolve("idc-provisioning");
      Files.writeString(launcher, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
          + "' -jar '" + System.getProperty("cli.jar") + "' \"$@\"\n");
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path state = dir.resolve("state.sh");
      Files.writeString(state, "export PATH='" + bin + "':\"$PATH\" E='" + sandbox.endpoint() + "' I='" + instance
          + "' PS='" + ps + "' AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true\n");

      for (DocBlocks.Block b : blocks) {
        for (Step step : steps(b)) {
          Ran ran = bash(state, step.command());
          assertThat(ran.exitCode()).as(step.where() + " $ " + step.command() + "\n" + ran.output())
              .isEqualTo(step.exitCode());
          assertMatches(step, ran.output());
        }
      }
    }
  }

  record Step(String where, String command, List<String> expected, int exitCode) {
  }

  static List<Step> steps(DocBlocks.Block b) {
    List<Step> steps = new ArrayList<>();
    List<String> lines = DocBlocks.joinContinuations(b.lines());
    String command = null;
    List<String> expected = new ArrayList<>();
    int exit = 0;
    for (String l : lines) {
      if (l.startsWith("$ ")) {
        if (command != null) {
          steps.add(new Step(b.where(), command, expected, exit));
        }
        command = l.substring(2).strip();
        expected = new ArrayList<>();
        exit = 0;
      } else {
        Matcher m = EXIT.matcher(l.strip());
        if (m.matches()) {
          exit = Integer.parseInt(m.group(1));
        } else if (!l.isBlank() && !l.strip().equals("...")) {
          expected.add(l);
        }
      }
    }
    if (command != null) {
      steps.add(new Step(b.where(), command, expected, exit));
    }
    return steps;
  }

  private static void assertMatches(Step step, String output) {
    String actual = squeeze(output);
    int from = 0;
    for (String line : step.expected()) {
      String want = squeeze(line).strip();
      Pattern p = Pattern.compile(Stream.of(want.split("\\.\\.\\.", -1)).map(Pattern::quote)
          .collect(Collectors.joining(".*?")));
      Matcher m = p.matcher(actual);
      assertThat(m.find(from)).as(step.where() + " $ " + step.command() + "\nexpected, in order: " + line
          + "\nactual output:\n" + output).isTrue();
      from = m.end();
    }
  }

  private static String squeeze(String s) {
    return s.replaceAll("[ \\t]+", " ");
  }

  record Ran(int exitCode, String output) {
  }

  private Ran bash(Path state, String command) throws IOException, InterruptedException {
    String script = ". '" + state + "'\n" + command + "\nrc=$?\nexport -p > '" + state + "'\nexit $rc\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.toLowerCase().endsWith("_proxy"));
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> AwsCliJarIT.drain(p.getInputStream()));
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish within 120 s: " + command);
    }
    try {
      return new Ran(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
