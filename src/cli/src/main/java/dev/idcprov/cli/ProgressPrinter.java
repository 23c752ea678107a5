package dev.idcprov.cli;

import dev.idcprov.waiter.ProgressListener;
import dev.idcprov.waiter.RequestOutcome;
import dev.idcprov.waiter.WaitProgress;
import java.io.PrintWriter;

/** Writes wait progress on stderr: one line per request as it resolves, then the running summary. */
final class ProgressPrinter implements ProgressListener {
  private final PrintWriter err;

  ProgressPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void onProgress(WaitProgress progress) {
    StringBuilder sb = new StringBuilder();
    for (RequestOutcome o : progress.newlyResolved()) {
      sb.append("  ").append(o.status()).append("  ").append(o.requestId())
          .append("  ").append(o.permissionSetArn() == null ? "(permission set unknown)" : o.permissionSetArn())
          .append(" -> ").append(o.accountId() == null ? "(all provisioned accounts)" : o.accountId());
      if (o.failed()) {
        sb.append(": ").append(o.failureReason());
      }
      sb.append(System.lineSeparator());
    }
    sb.append(progress.summary()).append(" (round ").append(progress.pollRounds()).append(", ")
        .append(Durations.format(progress.elapsed())).append(')');
    err.println(sb);
    err.flush();
  }
}
