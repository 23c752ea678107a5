package dev.idcprov.cli;

import dev.idcprov.waiter.AwsApiException;
import dev.idcprov.waiter.ProvisioningFailedException;
import dev.idcprov.waiter.ProvisioningInterruptedException;
import dev.idcprov.waiter.ProvisioningTimeoutException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place that turns a failure into an exit code and a message on stderr: usage errors and
 * validation (2), provisioning FAILED (1), deadline (3), AWS API errors (4), interrupts (5), the rest (6).
 * Commands print what they have on stdout first, then rethrow.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options and what they allow.");
    err.flush();
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    int code = exitCodeOf(ex);
    switch (code) {
      case ExitCodes.PROVISIONING_FAILED -> err.println("error: " + ex.getMessage());
      case ExitCodes.BAD_INPUT -> {
        err.println("error: " + ex.getMessage());
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options and what they allow.");
      }
      case ExitCodes.TIMEOUT -> {
        ProvisioningTimeoutException t = (ProvisioningTimeoutException) ex;
        err.println("error: " + t.getMessage());
        err.println("pending RequestIds:");
        t.pendingRequestIds().forEach(id -> err.println("  " + id));
      }
      case ExitCodes.AWS_ERROR -> {
        if (ex instanceof AwsApiException a) {
          err.println("error: AWS API error (" + a.kind() + "): " + a.getMessage());
        } else {
          err.println("error: AWS SDK error: " + ex.getMessage());
          err.println("check: " + clientHint(ex.getMessage()));
        }
      }
      case ExitCodes.INTERRUPTED -> err.println("error: " + ex.getMessage()
          + (ex instanceof ProvisioningInterruptedException ? ". The requests go on in AWS: run 'wait' with these"
          + " RequestIds to follow them" : ""));
      default -> {
        err.println("error: unexpected " + ex.getClass().getName() + ": " + ex.getMessage());
        if (!verbose(cmd)) {
          err.println("(rerun with --verbose for the stack trace)");
        }
      }
    }
    if (verbose(cmd)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** @return the exit code of a failure */
  static int exitCodeOf(Throwable ex) {
    if (ex instanceof ProvisioningFailedException) {
      return ExitCodes.PROVISIONING_FAILED;
    }
    if (ex instanceof ParameterException || ex instanceof IllegalArgumentException
        || ex instanceof IllegalStateException) {
      return ExitCodes.BAD_INPUT;
    }
    if (ex instanceof ProvisioningTimeoutException) {
      return ExitCodes.TIMEOUT;
    }
    if (ex instanceof AwsApiException || ex instanceof SdkException) {
      return ExitCodes.AWS_ERROR;
    }
    if (ex instanceof ProvisioningInterruptedException || ex instanceof InterruptedException) {
      return ExitCodes.INTERRUPTED;
    }
    return ExitCodes.UNEXPECTED;
  }

  private static boolean verbose(CommandLine cmd) {
    ParseResult pr = cmd.getParseResult();
    return pr != null && pr.hasMatchedOption("--verbose");
  }

  /** @return what to check for a client-side SDK error (no region, no credentials, bad configuration) */
  static String clientHint(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("unable to load region")) {
      return "give --region, or set AWS_REGION, or a region in the profile";
    }
    if (m.contains("unable to load credentials") || m.contains("token")) {
      return "credentials: --profile, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or 'aws sso login'";
    }
    return "the client configuration (--region, --profile, --endpoint-url)";
  }
}
