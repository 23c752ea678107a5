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
      case ExitCodes.AWS_ERROR -> awsError(ex, cmd, err);
      case ExitCodes.INTERRUPTED -> err.println("error: " + ex.getMessage()
          + (ex instanceof ProvisioningInterruptedException ? ". The requests go on in AWS: run 'wait' with these"
          + " RequestIds to follow them" : ""));
      default -> {
        err.println("error: unexpected " + ex.getClass().getName() + ": " + SecretText.redact(ex.getMessage()));
        if (!verbose(cmd)) {
          err.println("(rerun with --verbose for the stack trace)");
        }
      }
    }
    if (verbose(cmd) || debug(cmd)) {
      SecretText.printStackTrace(ex, err);
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

  private static boolean debug(CommandLine cmd) {
    ParseResult pr = cmd.getParseResult();
    return pr != null && pr.hasMatchedOption("--debug");
  }

  /**
   * An AWS error in words a person can act on: missing credentials and unreachable endpoints get a short paragraph of
   * their own (the SDK's text only with --debug); API errors keep the operation, code and AWS message.
   */
  private static void awsError(Exception ex, CommandLine cmd, PrintWriter err) {
    boolean debug = debug(cmd);
    ConnectionErrors.EndpointUnreachableException unreachable = find(ex,
        ConnectionErrors.EndpointUnreachableException.class);
    if (unreachable != null) {
      err.println("error: " + unreachable.getMessage() + (ex instanceof AwsApiException a ? " while calling "
          + a.operation() : "") + ". Nothing was retried: a connection that is refused or cannot be made is not"
          + " throttling.");
      err.println("check: the endpoint (--endpoint-url, AWS_ENDPOINT_URL_SSO_ADMIN, AWS_ENDPOINT_URL) is right and"
          + " listening, the network, and the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)");
      if (debug) {
        err.println("SDK: " + unreachable.detail());
      }
      return;
    }
    if (isCredentials(ex)) {
      err.println(credentialsParagraph(cmd));
      if (debug) {
        err.println("SDK: " + sdkText(ex));
      } else {
        err.println("(rerun with --debug for the SDK's own message)");
      }
      return;
    }
    if (isRegion(ex)) {
      err.println("error: no AWS region: give --region, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the"
          + " profile (aws configure set region eu-west-1)");
      if (debug) {
        err.println("SDK: " + sdkText(ex));
      }
      return;
    }
    if (ex instanceof AwsApiException a) {
      String hint = a.kind() == AwsApiException.Kind.TRANSIENT_EXHAUSTED
          ? "throttling, 5xx or network errors persisted through every retry: other callers may be using the"
              + " instance's 20 requests/s quota (lower this run's share with --max-requests-per-second), or the"
              + " service or network is failing; retry later"
          : a.hint();
      String message = a.getMessage();
      int at = message.lastIndexOf(". Check: ");
      err.println("error: AWS API error (" + a.kind() + "): " + (at < 0 ? message : message.substring(0, at))
          + ". Check: " + hint);
      if (debug && a.getCause() != null) {
        err.println("SDK: " + sdkText(a.getCause()));
      }
    } else {
      err.println("error: AWS SDK error: " + ex.getMessage());
      err.println("check: " + clientHint(ex.getMessage()));
    }
  }

  /** At most a few lines, under 700 characters: which chain was tried, and the ways to fix it. */
  static String credentialsParagraph(CommandLine cmd) {
    ParseResult pr = cmd.getParseResult();
    String profile = pr != null && pr.hasMatchedOption("--profile") ? pr.matchedOptionValue("--profile", "") : null;
    String tried = profile != null ? "profile '" + profile + "' of the shared config and credentials files"
        : "environment keys, web identity, the shared config and credentials files (profile from AWS_PROFILE or"
            + " default), container and instance credentials";
    return "error: no valid AWS credentials (tried " + tried + "). Fix: 'aws sso login --profile NAME' then pass"
        + " --profile NAME or set AWS_PROFILE, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and"
        + " AWS_SESSION_TOKEN); an expired SSO session needs 'aws sso login' again.";
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static boolean isCredentials(Throwable t) {
    if (find(t, ConnectionErrors.CredentialsUnavailableException.class) != null) {
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SdkException && ConnectionErrors.isCredentialsProblem(c)
          || ConnectionErrors.isCredentialProcessFailure(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRegion(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("unable to load region")) {
        return true;
      }
    }
    return false;
  }

  /** @return the SDK's messages along the cause chain (for --debug) */
  private static String sdkText(Throwable t) {
    ConnectionErrors.CredentialsUnavailableException c = find(t, ConnectionErrors.CredentialsUnavailableException.class);
    if (c != null) {
      return SecretText.redact(c.sdkMessage());
    }
    StringBuilder sb = new StringBuilder();
    for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
      sb.append(sb.length() == 0 ? "" : "\n  caused by: ").append(x.getClass().getName()).append(": ")
          .append(x.getMessage());
    }
    return SecretText.redact(sb.toString());
  }

  /** @return what to check for a client-side SDK error (no region, no credentials, bad configuration) */
  static String clientHint(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("unable to load region")) {
      return "give --region, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the profile";
    }
    if (m.contains("unable to load credentials") || m.contains("token")) {
      return "credentials: --profile, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or 'aws sso login'";
    }
    return "the client configuration (--region, --profile, --endpoint-url)";
  }
}
