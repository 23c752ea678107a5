package dev.idcprov.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes from text that is about to be printed what must never be: the stderr of a failed {@code credential_process}
 * (the AWS SDK's {@code ProcessCredentialsProvider} puts it into its exception's message, "Command returned non-zero
 * exit value (1) with error message: ...") and the user-info of a URL ({@code https://user:password@host}). Used for
 * every SDK message and stack trace the command line prints ({@code --verbose}, {@code --debug}).
 */
final class SecretText {
  private static final Pattern PROCESS_STDERR = Pattern.compile("(?s)(non-zero exit value \\(-?\\d+\\)) with error"
      + " message:.*");
  private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

  private SecretText() {
  }

  /**
   * @param text a message, or null
   * @return it without a credential process's stderr and URL user-info; null for null
   */
  static String redact(String text) {
    if (text == null) {
      return null;
    }
    String s = PROCESS_STDERR.matcher(text).replaceAll("$1 (the credential process's stderr is not shown)");
    return USER_INFO.matcher(s).replaceAll("$1(user-info removed)@");
  }

  /**
   * As {@link Throwable#printStackTrace(PrintWriter)}, every message of the chain (causes and suppressed) redacted.
   *
   * @param t   the throwable
   * @param out where to print
   */
  static void printStackTrace(Throwable t, PrintWriter out) {
    print(t, out, "", Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void print(Throwable t, PrintWriter out, String heading, Set<Throwable> seen) {
    if (!seen.add(t)) {
      out.println(heading + "[circular reference: " + t.getClass().getName() + "]");
      return;
    }
    String message = redact(t.getLocalizedMessage());
    out.println(heading + t.getClass().getName() + (message == null ? "" : ": " + message));
    for (StackTraceElement e : t.getStackTrace()) {
      out.println("\tat " + e);
    }
    for (Throwable s : t.getSuppressed()) {
      print(s, out, "Suppressed: ", seen);
    }
    if (t.getCause() != null) {
      print(t.getCause(), out, "Caused by: ", seen);
    }
  }
}
