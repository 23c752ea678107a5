package dev.idcprov.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code idc-provisioning} command line: {@code provision}, {@code wait}, {@code status} and {@code sandbox}.
 * Run it as {@code java -jar idc-provisioning-<version>-cli.jar --help} (built by {@code mvn package}).
 *
 * <p>Only {@link #main(String[])} calls {@code System.exit}; {@link #newCommandLine(CliServices, InputStream)}
 * builds the same command line for embedding and tests, whose {@code execute(args)} returns the exit code
 * ({@link ExitCodes}).
 *
 * <pre>{@code
 * CommandLine cli = Main.newCommandLine(CliServices.aws(), System.in);
 * int exitCode = cli.execute("wait", "--instance-arn", instanceArn, requestId);
 * }</pre>
 */
public final class Main {
  /** How long a shutdown (Ctrl-C, SIGTERM) waits for the running command to print what it has. */
  private static final long SHUTDOWN_GRACE_SECONDS = 5;
  /** Help is laid out for this many columns; examples are kept shorter so that none is wrapped. */
  static final int HELP_WIDTH = 100;

  private Main() {
  }

  /**
   * Runs the command line and exits with its exit code. On Ctrl-C or SIGTERM the running command is
   * interrupted and given a few seconds to print its result (a wait prints the pending RequestIds and exits 5;
   * the sandbox prints its metrics and exits 0).
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    configureLogging();
    CommandLine cli = newCommandLine(CliServices.aws(), System.in, System.getenv());
    cli.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));

    Thread commandThread = Thread.currentThread();
    Thread hook = new Thread(() -> {
      // A signal: interrupt the command, then hold the JVM's exit open while it prints its result. The command
      // thread ends the process itself (halt, below); if it has not within the grace period, the JVM exits with
      // the signal's status.
      commandThread.interrupt();
      try {
        commandThread.join(TimeUnit.SECONDS.toMillis(SHUTDOWN_GRACE_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "idc-provisioning-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    int exitCode = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // A signal started the shutdown. System.exit would block, and letting the hook return would end the JVM
      // with the signal's status (143 for SIGTERM): halt keeps the command's exit code (5 for an interrupted wait).
      Runtime.getRuntime().halt(exitCode);
    }
    System.exit(exitCode);
  }

  /**
   * Builds the command line with its subcommands, exit-code handling and help.
   *
   * @param services where the commands get their SSO Admin client, waiter and provisioner
   * @param stdin    what {@code wait -} reads RequestIds from
   * @return the command line; {@code execute(args)} returns an exit code of {@link ExitCodes}
   * @throws NullPointerException if an argument is null
   */
  public static CommandLine newCommandLine(CliServices services, InputStream stdin) {
    return newCommandLine(services, stdin, System.getenv());
  }

  /**
   * Builds the command line with its subcommands, exit-code handling and help, reading the AWS CLI's environment
   * variables ({@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, {@code AWS_PROFILE}, {@code AWS_DEFAULT_PROFILE},
   * {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_SSO_ADMIN}, {@code AWS_DEFAULT_OUTPUT}, {@code AWS_CA_BUNDLE})
   * from {@code environment} rather than the process.
   *
   * @param services    where the commands get their SSO Admin client, waiter and provisioner
   * @param stdin       what {@code wait -} reads RequestIds from
   * @param environment the environment variables the options fall back to
   * @return the command line; {@code execute(args)} returns an exit code of {@link ExitCodes}
   * @throws NullPointerException if an argument is null
   */
  public static CommandLine newCommandLine(CliServices services, InputStream stdin, Map<String, String> environment) {
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(stdin, "stdin");
    Environment env = new Environment(environment);
    ErrorHandler errors = new ErrorHandler();
    CommandLine cli = new CommandLine(new RootCommand())
        .addSubcommand("provision", new ProvisionCommand(services, env))
        .addSubcommand("wait", new WaitCommand(services, () -> stdin, env))
        .addSubcommand("status", new StatusCommand(services, env))
        .addSubcommand("check", new CheckCommand(services, env))
        .addSubcommand("sandbox", new SandboxCommand());
    cli.setParameterExceptionHandler(errors);
    cli.setExecutionExceptionHandler(errors);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    applyExitCodeHelp(cli);
    return cli;
  }

  private static void applyExitCodeHelp(CommandLine cli) {
    cli.getCommandSpec().usageMessage().width(HELP_WIDTH).exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.helpList());
    for (var sub : cli.getSubcommands().entrySet()) {
      sub.getValue().getCommandSpec().mixinStandardHelpOptions(true);
      sub.getValue().getCommandSpec().usageMessage().width(HELP_WIDTH).exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(ExitCodes.helpList(sub.getKey()));
    }
  }

  /** slf4j-simple: library warnings on stderr, quiet otherwise; --verbose raises the library to debug. */
  private static void configureLogging() {
    System.setProperty("org.slf4j.simpleLogger.logFile", System.getProperty("org.slf4j.simpleLogger.logFile",
        "System.err"));
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      if (v == null) {
        try (var in = Main.class.getResourceAsStream("/META-INF/maven/dev.idcprov/idc-provisioning/pom.properties")) {
          if (in != null) {
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            v = p.getProperty("version");
          }
        } catch (java.io.IOException e) {
          v = null;
        }
      }
      return new String[] {"idc-provisioning " + (v == null ? "(development build)" : v)};
    }
  }
}
