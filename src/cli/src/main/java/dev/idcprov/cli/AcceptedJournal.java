package dev.idcprov.cli;

import com.google.gson.Gson;
import dev.idcprov.provisioning.SubmittedRequest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The journal of {@code provision}: one JSON line on stderr for each request the moment AWS accepts it (or the run
 * adopts one already IN_PROGRESS), flushed at once, so that a run killed with {@code kill -9} still leaves every
 * RequestId it learned behind. Lines start with {@code {"journal":"accepted"}; the rest of stderr is prose.
 *
 * <pre>{@code
 * {"journal":"accepted","requestId":"...","instanceArn":"...","permissionSetArn":"...","accountId":"111111111111","targetType":"AWS_ACCOUNT","adopted":false}
 * }</pre>
 */
final class AcceptedJournal implements Consumer<SubmittedRequest> {
  private static final Gson GSON = new Gson();

  private final PrintWriter err;
  private final String instanceArn;

  AcceptedJournal(PrintWriter err, String instanceArn) {
    this.err = err;
    this.instanceArn = instanceArn;
  }

  @Override
  public void accept(SubmittedRequest r) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("journal", "accepted");
    line.put("requestId", r.requestId());
    line.put("instanceArn", instanceArn);
    line.put("permissionSetArn", r.target().permissionSetArn());
    line.put("accountId", r.target().accountId());
    line.put("targetType", r.target().targetType());
    line.put("adopted", r.adopted());
    String json = GSON.toJson(line);
    synchronized (err) {
      err.println(json);
      err.flush();
    }
  }
}
