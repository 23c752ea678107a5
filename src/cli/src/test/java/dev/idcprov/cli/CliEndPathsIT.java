package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Issue 9 with the packaged jar as its own process: SIGTERM and SIGINT during submission and {@code kill -9} then a
 * rerun, each checked against the sandbox's own record of every {@code ProvisionPermissionSet} request.
 */
class CliEndPathsIT {
  private static final String KEY = "AKIAITBASE0000000002";
  private static final String SECRET = "it-end-paths-secret";
  private static final int ACCOUNTS = 30;

  @TempDir
  Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void provisionJson_stoppedBySigtermDuringSubmission_printsEveryAcceptedRequestAndEveryUnsubmittedTarget()
      throws Exception {
    // Given 30 accounts submitted at 3 calls a second (about 10 s of submission), provisionings of an hour
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(1).randomSeed(9).generatedAccounts(ACCOUNTS)
        .provisioningDuration(Duration.ofHours(1), Duration.ofHours(1)).build().start()) {
      String ps = permissionSet(sandbox, "Term");

      // When provision -o json is sent SIGTERM once a few requests were accepted
      Process p = start(provisionArgs(sandbox, ps, "--max-requests-per-second", "3", "-o", "json"));
      Streams s = Streams.of(p);
      s.awaitErr("\"journal\":\"accepted\"", Duration.ofSeconds(40));
      signal(p, "TERM");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      String out = s.out.get(10, TimeUnit.SECONDS);
      String err = s.err.get(10, TimeUnit.SECONDS);

      // Then it exits 5 with the full result on stdout: every request the sandbox accepted, the rest as never
      // submitted, and the journal on stderr names the same requests
      assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.INTERRUPTED);
      JsonObject doc = JsonParser.parseString(out).getAsJsonObject();
      assertThat(doc.get("endReason").getAsString()).isEqualTo("INTERRUPTED");
      Set<String> printed = ids(doc.getAsJsonArray("requests"));
      Set<String> recorded = new HashSet<>();
      sandbox.provisioningRecords().forEach(r -> recorded.add(r.requestId()));
      assertThat(recorded).isNotEmpty().hasSizeLessThan(ACCOUNTS);
      assertThat(printed).as("stdout names every accepted request").isEqualTo(recorded);
      assertThat(journaled(err)).as("the journal names every accepted request").isEqualTo(recorded);
      assertThat(doc.getAsJsonArray("notSubmitted").size() + doc.getAsJsonArray("unresolved").size())
          .isEqualTo(ACCOUNTS - recorded.size());
    }
  }

  @Test
  void provisionJson_stoppedBySigintDuringSubmission_printsEveryAcceptedRequest_journalFileEqualsTheRecord()
      throws Exception {
    // Given 30 accounts submitted at 3 calls a second (about 10 s of submission), provisionings of an hour
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(1).randomSeed(10).generatedAccounts(ACCOUNTS)
        .provisioningDuration(Duration.ofHours(1), Duration.ofHours(1)).build().start()) {
      String ps = permissionSet(sandbox, "Int");
      Path journal = dir.resolve("accepted.jsonl");

      // When provision -o json --journal FILE (waiting) gets SIGINT (Ctrl-C) once a few requests were accepted
      Process p = start(provisionArgs(sandbox, ps, "--max-requests-per-second", "3", "-o", "json", "--journal",
          journal.toString()));
      Streams s = Streams.of(p);
      s.awaitErr("\"journal\":\"accepted\"", Duration.ofSeconds(40));
      signal(p, "INT");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
      String out = s.out.get(10, TimeUnit.SECONDS);
      String err = s.err.get(10, TimeUnit.SECONDS);

      // Then, as for SIGTERM, it exits 5 with the full result on stdout, and the stderr journal and the journal
      // file both name exactly the requests the sandbox accepted
      assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.INTERRUPTED);
      JsonObject doc = JsonParser.parseString(out).getAsJsonObject();
      assertThat(doc.get("endReason").getAsString()).isEqualTo("INTERRUPTED");
      Set<String> recorded = new HashSet<>();
      sandbox.provisioningRecords().forEach(r -> recorded.add(r.requestId()));
      assertThat(recorded).isNotEmpty().hasSizeLessThan(ACCOUNTS);
      assertThat(ids(doc.getAsJsonArray("requests"))).as("stdout names every accepted request").isEqualTo(recorded);
      assertThat(journaled(err)).as("the stderr journal").isEqualTo(recorded);
      List<String> lines = java.nio.file.Files.readAllLines(journal);
      assertThat(lines).as("one line per accepted request").hasSize(recorded.size());
      assertThat(journaled(String.join("\n", lines))).as("the journal file").isEqualTo(recorded);
      assertThat(doc.getAsJsonArray("notSubmitted").size() + doc.getAsJsonArray("unresolved").size())
          .isEqualTo(ACCOUNTS - recorded.size());
    }
  }

  @Test
  void provision_killed9DuringSubmission_thenRerun_adoptsTheRunningRequests_noDuplicateNoConflict()
      throws Exception {
    // Given provisionings of 4-6 s
    try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(1).randomSeed(11).generatedAccounts(ACCOUNTS)
        .provisioningDuration(Duration.ofSeconds(4), Duration.ofSeconds(6)).build().start()) {
      String ps = permissionSet(sandbox, "Kill");

      // When a first provision is killed with kill -9 after a few accepted requests, and run again; its requests
      // are held IN_PROGRESS until the rerun has adopted one, however long the rerun's JVM takes to start
      sandbox.control().holdCompletions();
      Process first = start(provisionArgs(sandbox, ps, "--max-requests-per-second", "3"));
      Streams s1 = Streams.of(first);
      s1.awaitErr("\"journal\":\"accepted\"", Duration.ofSeconds(40));
      signal(first, "KILL");
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String firstErr = s1.err.get(10, TimeUnit.SECONDS);
      Process rerun = start(provisionArgs(sandbox, ps, "-o", "json"));
      Streams s2 = Streams.of(rerun);
      s2.awaitErr("\"adopted\":true", Duration.ofSeconds(60));
      sandbox.control().releaseCompletions();
      assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).as("the rerun finished").isTrue();
      String out = s2.out.get(10, TimeUnit.SECONDS);
      String err = s2.err.get(10, TimeUnit.SECONDS);

      // Then the rerun succeeds, adopting what still ran, and the sandbox provisioned each account exactly once
      assertThat(rerun.exitValue()).as(err).isZero();
      assertThat(err).contains("\"adopted\":true");
      Map<String, Integer> perAccount = new HashMap<>();
      Set<String> recorded = new HashSet<>();
      for (ProvisioningRecord r : sandbox.provisioningRecords()) {
        perAccount.merge(r.accountId(), 1, Integer::sum);
        recorded.add(r.requestId());
      }
      assertThat(perAccount).hasSize(ACCOUNTS).allSatisfy((a, n) -> assertThat(n).as(a).isEqualTo(1));
      // and nothing was lost: every recorded request is in the first run's journal or the rerun's result
      Set<String> named = new HashSet<>(journaled(firstErr));
      named.addAll(ids(JsonParser.parseString(out).getAsJsonObject().getAsJsonArray("requests")));
      named.addAll(journaled(err));
      assertThat(named).containsAll(recorded);
    }
  }

  private static Set<String> journaled(String err) {
    Set<String> ids = new HashSet<>();
    for (String line : err.split("\n")) {
      if (line.startsWith("{\"journal\":\"accepted\"")) {
        ids.add(JsonParser.parseString(line).getAsJsonObject().get("requestId").getAsString());
      }
    }
    return ids;
  }

  private static Set<String> ids(JsonArray requests) {
    Set<String> ids = new HashSet<>();
    for (JsonElement e : requests) {
      ids.add(e.getAsJsonObject().get("requestId").getAsString());
    }
    return ids;
  }

  private static String permissionSet(SsoAdminSandbox sandbox, String name) {
    try (SsoAdminClient admin = SsoAdminClient.builder().endpointOverride(sandbox.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
        .httpClient(UrlConnectionHttpClient.create()).build()) {
      return admin.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name(name)).permissionSet()
          .permissionSetArn();
    }
  }

  private static List<String> provisionArgs(SsoAdminSandbox sandbox, String ps, String... extra) {
    List<String> args = new ArrayList<>(List.of("provision", "--endpoint-url", sandbox.endpoint().toString(),
        "--region", "us-east-1", "--permission-set-arn", ps, "--account", String.join(",", sandbox.accountIds()),
        "--poll-interval", "200ms"));
    args.addAll(List.of(extra));
    return args;
  }

  private static void signal(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + p.pid()).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private Process start(List<String> args) throws IOException {
    String jar = System.getProperty("cli.jar");
    assertThat(jar).as("system property cli.jar (set by failsafe in pom.xml)").isNotNull();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("AWS_ACCESS_KEY_ID", KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
    Process p = pb.start();
    p.getOutputStream().close();
    processes.add(p);
    return p;
  }

  /** Both streams read to their end on threads of their own, stderr also visible while it grows. */
  private record Streams(CompletableFuture<String> out, CompletableFuture<String> err, StringBuffer errSoFar) {
    static Streams of(Process p) {
      CompletableFuture<String> out = new CompletableFuture<>();
      CompletableFuture<String> err = new CompletableFuture<>();
      StringBuffer errSoFar = new StringBuffer();
      new Thread(() -> out.complete(drain(p.getInputStream(), new StringBuffer()))).start();
      new Thread(() -> err.complete(drain(p.getErrorStream(), errSoFar))).start();
      return new Streams(out, err, errSoFar);
    }

    void awaitErr(String text, Duration limit) throws InterruptedException {
      long until = System.nanoTime() + limit.toNanos();
      while (!errSoFar.toString().contains(text)) {
        if (System.nanoTime() > until || err.isDone()) {
          throw new AssertionError("no '" + text + "' on stderr; got: " + errSoFar);
        }
        Thread.sleep(20);
      }
    }

    private static String drain(InputStream in, StringBuffer into) {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return into.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
