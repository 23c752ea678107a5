package dev.idcprov.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout and stderr. */
final class CliRunner {
  record Run(int exitCode, String out, String err) {
  }

  private CliRunner() {
  }

  static Run runWithStdin(CliServices services, String stdin, String... args) {
    return runWithEnv(services, Map.of(), stdin, args);
  }

  /** Runs with the given environment variables (no others: the machine's AWS_* variables do not leak in). */
  static Run runWithEnv(CliServices services, Map<String, String> env, String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    CommandLine cli = Main.newCommandLine(services, in, env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run run(CliServices services, String... args) {
    return runWithStdin(services, "", args);
  }
}
