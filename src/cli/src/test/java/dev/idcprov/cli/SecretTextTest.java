package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SecretTextTest {
  private static final String PROCESS_FAILURE =
      "Command returned non-zero exit value (1) with error message: token=abc123\nsecond line of stderr";

  @Test
  void redact_dropsACredentialProcessStderr_andUrlUserInfo() {
    assertThat(SecretText.redact(PROCESS_FAILURE)).isEqualTo("Command returned non-zero exit value (1) (the "
        + "credential process's stderr is not shown)");
    assertThat(SecretText.redact("cannot reach https://deployer:hunter2@sso.example.com/x"))
        .isEqualTo("cannot reach https://(user-info removed)@sso.example.com/x");
    assertThat(SecretText.redact("nothing secret here")).isEqualTo("nothing secret here");
    assertThat(SecretText.redact(null)).isNull();
  }

  @Test
  void printStackTrace_redactsEveryMessageOfTheChain_andKeepsTheFrames() {
    Exception e = new IllegalStateException("outer",
        new IllegalStateException("Failed to refresh process-based credentials.",
            new IllegalStateException(PROCESS_FAILURE)));
    e.addSuppressed(new RuntimeException("see http://u:p4ss@127.0.0.1:1"));
    StringWriter out = new StringWriter();

    SecretText.printStackTrace(e, new PrintWriter(out, true));

    assertThat(out.toString()).doesNotContain("abc123").doesNotContain("second line").doesNotContain("p4ss")
        .contains("java.lang.IllegalStateException: outer")
        .contains("Caused by: java.lang.IllegalStateException: Failed to refresh process-based credentials.")
        .contains("Suppressed: java.lang.RuntimeException: see http://(user-info removed)@127.0.0.1:1")
        .contains("\tat dev.idcprov.cli.SecretTextTest.printStackTrace_redactsEveryMessageOfTheChain");
  }
}
