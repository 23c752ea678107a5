package dev.idcprov.cli;

import com.google.gson.Gson;
import dev.idcprov.provisioning.SubmittedRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The journal of {@code provision}: one JSON line for each request the moment AWS accepts it (or the run adopts one
 * already IN_PROGRESS), flushed at once, so that a run killed with {@code kill -9} still leaves every RequestId it
 * learned behind. The lines always go to stderr, where they start with {@code {"journal":"accepted"} (the rest of
 * stderr is prose); with {@code --journal FILE} the same lines are also appended to that file, each written and
 * flushed before the run goes on, so the file holds nothing but JSON lines, one per accepted request, across runs.
 *
 * <pre>{@code
 * {"journal":"accepted","requestId":"...","instanceArn":"...","permissionSetArn":"...","accountId":"111111111111","targetType":"AWS_ACCOUNT","adopted":false}
 * }</pre>
 */
final class AcceptedJournal implements Consumer<SubmittedRequest>, Closeable {
  private static final Gson GSON = new Gson();

  private final PrintWriter err;
  private final String instanceArn;
  private final Writer file;
  private final String fileName;
  private boolean fileFailed;

  private AcceptedJournal(PrintWriter err, String instanceArn, Writer file, String fileName) {
    this.err = err;
    this.instanceArn = instanceArn;
    this.file = file;
    this.fileName = fileName;
  }

  AcceptedJournal(PrintWriter err, String instanceArn) {
    this(err, instanceArn, null, null);
  }

  /**
   * Opens {@code file} for appending (creating it), before any AWS call.
   *
   * @param err         stderr
   * @param instanceArn the instance of the run
   * @param file        the {@code --journal} file, or null for stderr only
   * @return the journal
   * @throws IOException if the file cannot be opened for appending
   */
  static AcceptedJournal open(PrintWriter err, String instanceArn, Path file) throws IOException {
    if (file == null) {
      return new AcceptedJournal(err, instanceArn);
    }
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    return new AcceptedJournal(err, instanceArn, w, file.toString());
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
      if (file != null && !fileFailed) {
        try {
          file.write(json);
          file.write('\n');
          file.flush();
        } catch (IOException e) {
          // stderr still has every line; say once that the file misses the rest
          fileFailed = true;
          err.println("warning: --journal " + fileName + " could not be written (" + e.getMessage()
              + "); the accepted requests from here on are in the stderr journal only");
        }
      }
      err.println(json);
      err.flush();
    }
  }

  @Override
  public void close() {
    if (file != null) {
      synchronized (err) {
        try {
          file.close();
        } catch (IOException e) {
          err.println("warning: --journal " + fileName + " could not be closed (" + e.getMessage() + ")");
        }
      }
    }
  }
}
