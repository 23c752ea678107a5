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

  private ExitCodes() {
  }

  /** @return the codes with a one-line description each, in the order {@code --help} shows them */
  public static Map<String, String> helpList() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" " + OK, "success (every request SUCCEEDED, or nothing to do)");
    m.put(" " + PROVISIONING_FAILED, "provisioning FAILED for at least one request (reasons on stderr)");
    m.put(" " + BAD_INPUT, "bad input; nothing was sent to AWS");
    m.put(" " + TIMEOUT, "--timeout passed; pending RequestIds on stderr (they go on in AWS)");
    m.put(" " + AWS_ERROR, "AWS API error (access denied, validation, not found, throttled)");
    m.put(" " + INTERRUPTED, "interrupted while waiting");
    m.put(" " + UNEXPECTED, "unexpected error (rerun with --verbose)");
    return m;
  }
}
