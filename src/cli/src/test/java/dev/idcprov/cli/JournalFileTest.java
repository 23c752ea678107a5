package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.idcprov.sandbox.ProvisioningRecord;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/**
 * {@code provision --journal FILE} in-process against the sandbox over HTTP: the file holds one JSON line per
 * request the sandbox accepted (the same lines as the stderr journal), appended across runs, and a file that cannot
 * be opened is bad input before any AWS call.
 */
class JournalFileTest {
  private static final List<String> ACCOUNTS = List.of("111111111111", "222222222222", "333333333333");

  @TempDir
  Path dir;
  private SsoAdminSandbox sandbox;
  private SsoAdminClient admin;
  private String ps;

  private final CliServices services = settings -> CliSandboxEndToEndTest.client(settings.endpoint().orElseThrow(),
      Region.of(settings.region().orElseThrow()));

  @BeforeEach
  void start() {
    sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(5).requestsPerSecond(1000)
        .provisioningDuration(Duration.ofSeconds(2), Duration.ofSeconds(10)).build().start();
    admin = CliSandboxEndToEndTest.client(sandbox.endpoint(), Region.US_EAST_1);
    ps = admin.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Journal")).permissionSet()
        .permissionSetArn();
  }

  @AfterEach
  void stop() {
    admin.close();
    sandbox.close();
  }

  private CliRunner.Run provision(Path journal, String... extra) {
    List<String> args = new ArrayList<>(List.of("provision", "--endpoint-url", sandbox.endpoint().toString(),
        "--region", "us-east-1", "--permission-set-arn", ps, "--account", String.join(",", ACCOUNTS),
        "--poll-interval", "20ms", "--max-poll-interval", "50ms", "--journal", journal.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(services, args.toArray(String[]::new));
  }

  @Test
  void journalFile_holdsOneLinePerAcceptedRequest_equalToTheSandboxRecord_appendedAcrossRuns() throws Exception {
    Path journal = dir.resolve("accepted.jsonl");

    CliRunner.Run first = provision(journal);
    CliRunner.Run second = provision(journal, "--force", "--no-wait");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    List<String> lines = Files.readAllLines(journal);
    List<ProvisioningRecord> records = sandbox.provisioningRecords();
    assertThat(records).hasSize(2 * ACCOUNTS.size());
    assertThat(lines).hasSize(records.size());
    List<String> recorded = new ArrayList<>();
    for (ProvisioningRecord r : records) {
      recorded.add(r.requestId() + " " + r.permissionSetArn() + " " + r.accountId());
    }
    List<String> journaled = new ArrayList<>();
    for (String line : lines) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertThat(o.get("journal").getAsString()).isEqualTo("accepted");
      assertThat(o.get("instanceArn").getAsString()).isEqualTo(sandbox.instanceArn());
      assertThat(o.get("targetType").getAsString()).isEqualTo("AWS_ACCOUNT");
      journaled.add(o.get("requestId").getAsString() + " " + o.get("permissionSetArn").getAsString() + " "
          + o.get("accountId").getAsString());
    }
    assertThat(journaled).containsExactlyInAnyOrderElementsOf(recorded);
    // the stderr journal carries the same lines
    List<String> stderrLines = new ArrayList<>();
    for (String line : (first.err() + second.err()).split("\n")) {
      if (line.startsWith("{\"journal\":\"accepted\"")) {
        stderrLines.add(line);
      }
    }
    assertThat(stderrLines).containsExactlyInAnyOrderElementsOf(lines);
  }

  @Test
  void journalFileThatCannotBeOpened_isBadInput_beforeAnyCall() {
    Path notAFile = dir;
    int before = sandbox.requests().size();

    CliRunner.Run run = provision(notAFile);

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--journal '" + notAFile + "' cannot be opened for appending")
        .contains("give a writable file path");
    assertThat(sandbox.requests()).hasSize(before);
  }
}
