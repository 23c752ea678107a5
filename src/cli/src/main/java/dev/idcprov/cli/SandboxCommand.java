package dev.idcprov.cli;

import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: runs the local SSO Admin emulator until stopped (Ctrl-C, SIGTERM, or an interrupt of the
 * command's thread), then prints its per-operation metrics.
 */
@Command(name = "sandbox", sortOptions = false,
    header = "Run a local SSO Admin sandbox (emulator) until Ctrl-C.",
    description = {
        "Starts a local IAM Identity Center admin API (SSO Admin) on 127.0.0.1 that the AWS SDKs and the AWS CLI"
            + " talk to as to AWS: asynchronous provisioning with failure reasons, the 20 requests/s quota,"
            + " conflicts, eventual consistency and injected faults. Prints the endpoint, the instance ARN and the"
            + " account ids, runs until Ctrl-C, then prints the per-operation call counts.",
        "Durations are in sandbox time: with --time-scale 100, a 30s provisioning takes 0.3s."},
    footer = {"", "Examples:",
        "  sandbox --port 4566                       (default seed)",
        "  sandbox --port 0 --time-scale 10 --throttle-rate 0.05 --random-seed 7",
        "  then, in another terminal:",
        "  idc-provisioning status --endpoint-url http://127.0.0.1:4566 --region us-east-1 \\",
        "    --instance-arn INSTANCE_ARN"})
final class SandboxCommand implements Callable<Integer> {
  /** The sandbox's default port: 0, a free port (the endpoint is printed); docs use --port 4566. */
  static final int DEFAULT_PORT = 0;

  @Spec
  private CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
      description = "TCP port on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--seed-file", paramLabel = "FILE",
      description = "Seed JSON: instance, accounts and their customer managed policies (default: the built-in seed"
          + " of docs/SANDBOX.md: 10 ACTIVE accounts, 1 SUSPENDED).")
  private Path seedFile;

  @Option(names = "--generated-accounts", paramLabel = "N",
      description = "Replace the seed's accounts with N ACTIVE accounts (1 to 100000).")
  private Integer generatedAccounts;

  @Option(names = "--time-scale", paramLabel = "FACTOR", defaultValue = "1",
      description = "Run sandbox time this many times faster than the wall clock, at least 1"
          + " (default: ${DEFAULT-VALUE}).")
  private double timeScale;

  @Option(names = "--random-seed", paramLabel = "N",
      description = "Seed of durations and injected faults, for repeatable runs (default: time-based).")
  private Long randomSeed;

  @Option(names = "--requests-per-second", paramLabel = "N", defaultValue = "20",
      description = "Request quota shared by all operations, per sandbox second; ThrottlingException beyond it"
          + " (default: ${DEFAULT-VALUE}, as AWS).")
  private double requestsPerSecond;

  @Option(names = {"--provisioning-min", "--min-provisioning-duration"}, paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "2s", description = "Shortest provisioning duration, sandbox time (default: ${DEFAULT-VALUE}).")
  private Duration provisioningMin;

  @Option(names = {"--provisioning-max", "--max-provisioning-duration"}, paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "30s", description = "Longest provisioning duration, sandbox time (default: ${DEFAULT-VALUE}).")
  private Duration provisioningMax;

  @Option(names = {"--list-lag", "--list-visibility-lag"}, paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "0s",
      description = "List calls see the state as it was this long ago (default: ${DEFAULT-VALUE}).")
  private Duration listVisibilityLag;

  @Option(names = "--list-lag-varies",
      description = "Each list call sees the state a random time between 0 and --list-lag ago (reads that may go "
          + "back in time, as replicas of an eventually consistent index serve them), not exactly --list-lag ago.")
  private boolean listLagVaries;

  @Option(names = "--latency", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0s",
      description = "Delay added before every response, sandbox time (default: ${DEFAULT-VALUE}).")
  private Duration latency;

  @Option(names = "--throttle-rate", paramLabel = "P", defaultValue = "0",
      description = "Probability 0 to 1 of an injected ThrottlingException (default: ${DEFAULT-VALUE}).")
  private double throttleRate;

  @Option(names = "--server-error-rate", paramLabel = "P", defaultValue = "0",
      description = "Probability 0 to 1 of an injected HTTP 500 (default: ${DEFAULT-VALUE}).")
  private double serverErrorRate;

  @Option(names = {"--drop-rate", "--drop-connection-rate"}, paramLabel = "P", defaultValue = "0",
      description = "Probability 0 to 1 that a connection is closed without a response (default: ${DEFAULT-VALUE}).")
  private double dropConnectionRate;

  @Option(names = {"--verify-signatures", "--verify-signature"}, paramLabel = "ACCESS_KEY_ID=SECRET",
      description = "Check SigV4 signatures against this test key pair (repeatable); unsigned or wrongly signed"
          + " requests are rejected as AWS does. Use made-up test keys only. Default: any request is accepted.")
  private Map<String, String> verifySignatures = new LinkedHashMap<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Startup information on stdout: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); with json,"
          + " the metrics at shutdown go to stderr.")
  private OutputFormat output;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    SsoAdminSandbox sandbox = start(cmd, build(cmd));
    PrintWriter out = cmd.getOut();
    PrintWriter err = cmd.getErr();
    try {
      printStarted(sandbox, out);
      err.println("sandbox running; press Ctrl-C to stop");
      err.flush();
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      // The normal way to stop: Main's shutdown hook (Ctrl-C, SIGTERM) or a caller interrupts this thread. The
      // interrupt is consumed here on purpose, so that closing the server and printing are not cut short.
    } finally {
      sandbox.close();
      err.println("sandbox stopped");
      // In json mode stdout holds the one startup document; the metrics table goes to stderr.
      (output == OutputFormat.json ? err : out).print(sandbox.metrics().format());
      out.flush();
      err.flush();
    }
    return ExitCodes.OK;
  }

  private SsoAdminSandbox build(CommandLine cmd) {
    SsoAdminSandbox.Builder b = SsoAdminSandbox.builder();
    set(cmd, "--port", port, () -> b.port(port));
    if (seedFile != null) {
      if (!Files.isReadable(seedFile)) {
        throw new ParameterException(cmd, "--seed-file '" + seedFile + "' cannot be read: give the path of an"
            + " existing seed JSON file (format in docs/SANDBOX.md)");
      }
      b.seedFile(seedFile);
    }
    if (generatedAccounts != null) {
      set(cmd, "--generated-accounts", generatedAccounts, () -> b.generatedAccounts(generatedAccounts));
    }
    set(cmd, "--time-scale", timeScale, () -> b.timeScale(timeScale));
    if (randomSeed != null) {
      b.randomSeed(randomSeed);
    }
    set(cmd, "--requests-per-second", requestsPerSecond, () -> b.requestsPerSecond(requestsPerSecond));
    set(cmd, "--provisioning-min/--provisioning-max",
        Durations.format(provisioningMin) + ".." + Durations.format(provisioningMax),
        () -> b.provisioningDuration(provisioningMin, provisioningMax));
    b.listVisibilityLag(listVisibilityLag).listLagVaries(listLagVaries).latency(latency);
    set(cmd, "--throttle-rate", throttleRate, () -> b.throttleRate(throttleRate));
    set(cmd, "--server-error-rate", serverErrorRate, () -> b.serverErrorRate(serverErrorRate));
    set(cmd, "--drop-rate", dropConnectionRate, () -> b.dropConnectionRate(dropConnectionRate));
    if (!verifySignatures.isEmpty()) {
      b.verifySignatures(verifySignatures);
    }
    try {
      return b.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ParameterException(cmd, "sandbox options are not valid: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new ParameterException(cmd, "--seed-file '" + seedFile + "' cannot be read: " + e.getMessage());
    }
  }

  private SsoAdminSandbox start(CommandLine cmd, SsoAdminSandbox sandbox) {
    try {
      return sandbox.start();
    } catch (UncheckedIOException e) {
      throw new ParameterException(cmd, "--port " + port + " cannot be bound on 127.0.0.1 (" + e.getMessage()
          + "): it may be in use; give another port, or --port 0 for a free one");
    }
  }

  private void printStarted(SsoAdminSandbox sandbox, PrintWriter out) {
    String endpoint = sandbox.endpoint().toString();
    if (output == OutputFormat.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("endpoint", endpoint);
      doc.put("instanceArn", sandbox.instanceArn());
      doc.put("accountIds", sandbox.accountIds());
      out.println(ResultView.GSON.toJson(doc));
    } else {
      out.println("endpoint:     " + endpoint);
      out.println("instance ARN: " + sandbox.instanceArn());
      out.println("accounts:     " + String.join(" ", sandbox.accountIds()));
      out.println();
      out.println("Try it (any credentials are accepted unless --verify-signatures is given):");
      out.println("  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1"
          + " AWS_DEFAULT_REGION=us-east-1");
      out.println("  aws sso-admin list-instances --endpoint-url " + endpoint);
      out.println("  aws sso-admin create-permission-set --endpoint-url " + endpoint + " --instance-arn "
          + sandbox.instanceArn() + " --name ReadOnly");
      out.println("  idc-provisioning provision --endpoint-url " + endpoint + " --permission-set-arn PS_ARN"
          + " --account " + sandbox.accountIds().get(0));
    }
    out.flush();
  }

  private static void set(CommandLine cmd, String option, Object value, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(cmd, option + " " + value + " is not valid: " + e.getMessage());
    }
  }
}
