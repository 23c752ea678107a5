package dev.idcprov.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's exit codes, one per kind of outcome. Listed in every command's {@code --help} and in
 * docs/CLI.md.
 */
public final class ExitCodes {
  /** Every request SUCCEEDED (or nothing needed provisioning, or the command only listed or submitted). */
  public static final int OK = 0;
  /** At least one provisioning request FAILED; the full result is still printed on stdout. */
  public static final int PROVISIONING_FAILED = 1;
  /** Bad input: a usage error or a failed validation, reported before any AWS call. */
  public static final int BAD_INPUT = 2;
  /** The deadline ({@code --timeout}) passed with requests still IN_PROGRESS; they go on in AWS. */
  public static final int TIMEOUT = 3;
  /** An AWS API call failed for good (access denied, validation, not found, throttling that outlived retries). */
  public static final int AWS_ERROR = 4;
  /** Interrupted (for example Ctrl-C) while waiting; the requests go on in AWS. */
  public static final int INTERRUPTED = 5;
  /** Anything unexpected: a bug or an environment problem; rerun with {@code --verbose} for the stack trace. */
  public static final int UNEXPECTED = 6;
  /** {@code check} found permission sets outdated, or last FAILED, in some account (the findings are on stdout). */
  public static final int DRIFT = 7;

  private ExitCodes() {
  }

  /** @return every code with a one-line description each, in the order {@code --help} shows them */
  public static Map<String, String> helpList() {
    return helpList(OK, PROVISIONING_FAILED, BAD_INPUT, TIMEOUT, AWS_ERROR, INTERRUPTED, UNEXPECTED, DRIFT);
  }

  /**
   * @param command a command name: provision, wait, status, check or sandbox
   * @return the codes that command can return, with a one-line description each
   * @throws IllegalArgumentException for another name
   */
  public static Map<String, String> helpList(String command) {
    return switch (command) {
      case "provision", "wait" -> helpList(OK, PROVISIONING_FAILED, BAD_INPUT, TIMEOUT, AWS_ERROR, INTERRUPTED,
          UNEXPECTED);
      case "status" -> helpList(OK, BAD_INPUT, AWS_ERROR, INTERRUPTED, UNEXPECTED);
      case "check" -> helpList(OK, BAD_INPUT, AWS_ERROR, INTERRUPTED, UNEXPECTED, DRIFT);
      case "sandbox" -> helpList(OK, BAD_INPUT, UNEXPECTED);
      default -> throw new IllegalArgumentException("no such command: " + command);
    };
  }

  private static Map<String, String> helpList(int... codes) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int c : codes) {
      m.put(" " + c, switch (c) {
        case OK -> "success (every request SUCCEEDED, nothing to do, or everything current)";
        case PROVISIONING_FAILED -> "provisioning FAILED for at least one request (reasons on stderr)";
        case BAD_INPUT -> "bad input; nothing was sent to AWS";
        case TIMEOUT -> "--timeout passed; pending RequestIds on stderr (they go on in AWS)";
        case AWS_ERROR -> "AWS error (access denied, not found, credentials, unreachable endpoint)";
        case INTERRUPTED -> "interrupted (Ctrl-C or SIGTERM)";
        case UNEXPECTED -> "unexpected error (rerun with --verbose)";
        case DRIFT -> "check found outdated or failed permission sets (listed on stdout)";
        default -> throw new IllegalArgumentException("unknown exit code " + c);
      });
    }
    return m;
  }
}
