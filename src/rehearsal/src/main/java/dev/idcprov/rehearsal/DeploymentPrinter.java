package dev.idcprov.rehearsal;

import com.pulumi.exceptions.ResourceException;
import com.pulumi.exceptions.RunException;
import dev.idcprov.pulumi.PlanEntry;
import dev.idcprov.pulumi.RequestResult;
import dev.idcprov.rehearsal.SandboxMocks.Change;
import dev.idcprov.rehearsal.SandboxMocks.ResourceEvent;
import dev.idcprov.waiter.PermissionSetArn;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;

/**
 * Prints a rehearsal run the way {@code pulumi preview} and {@code pulumi up} show a deployment: the stack's root
 * resource, resources, messages, outputs, errors, wall-time durations, and a heartbeat line whenever nothing was
 * printed for {@link #HEARTBEAT} of wall time while a run is going on.
 */
final class DeploymentPrinter implements AutoCloseable {
  /** Longest silence while a run is going on. */
  static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private static final Map<String, String> HEADERS = Map.of("accountId", "ACCOUNT", "permissionSetArn",
      "PERMISSION SET", "status", "STATUS", "requestId", "REQUEST ID", "reason", "REASON", "failureReason",
      "FAILURE REASON");

  private final PrintStream out;
  private final String stackName;
  private final Map<Change, Integer> counts = new EnumMap<>(Change.class);
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "rehearsal-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private boolean stackCreated;
  private boolean preview;
  private long runStarted;
  private long lastPrinted;
  private boolean running;

  private final LongSupplier nanoClock;

  DeploymentPrinter(PrintStream out, String stackName) {
    this(out, stackName, System::nanoTime, true);
  }

  /**
   * @param out       where to print
   * @param stackName the stack root resource's name
   * @param nanoClock wall time in nanoTime units
   * @param beating   whether to check for a due heartbeat every second on a thread of its own (tests call
   *                  {@link #beat()} themselves)
   */
  DeploymentPrinter(PrintStream out, String stackName, LongSupplier nanoClock, boolean beating) {
    this.out = out;
    this.stackName = stackName;
    this.nanoClock = nanoClock;
    if (beating) {
      heartbeat.scheduleAtFixedRate(this::beat, 1, 1, TimeUnit.SECONDS);
    }
  }

  synchronized void startRun(boolean preview) {
    counts.clear();
    this.preview = preview;
    runStarted = nanoClock.getAsLong();
    lastPrinted = runStarted;
    running = true;
    out.printf("     %-46s %-28s %s%n", "Type", "Name", preview ? "Plan" : "Status");
    out.printf("  %s %-46s %-28s %s%n", stackCreated ? "  " : "+ ", "pulumi:pulumi:Stack", stackName,
        stackCreated ? "" : preview ? "create" : "created");
    if (!preview) {
      stackCreated = true;
    }
  }

  synchronized void beat() {
    long now = nanoClock.getAsLong();
    if (running && now - lastPrinted >= HEARTBEAT.toNanos()) {
      out.printf("       ... still %s: %ds of wall time so far%n", preview ? "previewing" : "updating",
          Duration.ofNanos(now - runStarted).toSeconds());
      lastPrinted = now;
    }
  }

  /** Stops the heartbeat. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
  }

  synchronized void finishPreview(ProgramRun.Outcome outcome, Duration took) {
    running = false;
    if (!outcome.succeeded()) {
      finishRun(outcome, took);
      return;
    }
    StringJoiner summary = new StringJoiner(", ");
    counts.forEach((change, n) -> {
      if (change != Change.UNCHANGED) {
        summary.add(n + " to " + (change == Change.CREATED ? "create" : change == Change.REPLACED ? "replace"
            : "update"));
      }
    });
    out.println("Resources:");
    out.println("    " + (summary.length() == 0 ? "no changes" : summary.toString()));
    out.printf("Duration: %.1fs (wall time)%n", took.toMillis() / 1000.0);
  }

  synchronized void resource(ResourceEvent event) {
    counts.merge(event.change(), 1, Integer::sum);
    String symbol = switch (event.change()) {
      case CREATED -> "+ ";
      case UPDATED -> "~ ";
      case REPLACED -> "+-";
      case UNCHANGED -> "  ";
    };
    if (event.change() == Change.UNCHANGED) {
      return;
    }
    String status = preview ? switch (event.change()) {
      case CREATED -> "create";
      case UPDATED -> "update";
      case REPLACED -> "replace";
      case UNCHANGED -> "";
    } : event.change().name().toLowerCase(Locale.ROOT);
    out.printf("  %s %-46s %-28s %-8s %s%n", symbol, displayType(event.type()), event.name(), status,
        preview ? "" : event.detail());
    lastPrinted = nanoClock.getAsLong();
  }

  // Errors are shown once, under Diagnostics at the end of the run, as pulumi up does.
  synchronized void log(ProgramRun.LogLine line) {
    if (line.level().intValue() >= Level.SEVERE.intValue()) {
      return;
    }
    String level = line.level().intValue() >= Level.WARNING.intValue() ? "warning" : "info";
    String prefix = "       " + level + ": ";
    for (String text : line.message().split("\\R")) {
      out.println(prefix + text);
      prefix = " ".repeat(prefix.length());
    }
    lastPrinted = nanoClock.getAsLong();
  }

  synchronized void finishRun(ProgramRun.Outcome outcome, Duration took) {
    running = false;
    if (!outcome.succeeded()) {
      out.println();
      out.println("Diagnostics:");
      for (Throwable failure : outcome.exceptions()) {
        printOwner(failure);
      }
      if (outcome.errors().isEmpty()) {
        outcome.exceptions().forEach(this::printFailure);
      }
      for (String error : outcome.errors()) {
        printError(error);
      }
    }
    if (outcome.succeeded() && !outcome.outputs().isEmpty()) {
      printOutputs(outcome.outputs());
    }
    out.println();
    StringJoiner summary = new StringJoiner(", ");
    counts.forEach((change, n) -> summary.add(n + " " + change.name().toLowerCase(Locale.ROOT)));
    out.println("Resources:");
    out.println("    " + (summary.length() == 0 ? "none" : summary.toString()));
    out.printf("Duration: %.1fs (wall time)%s%n", took.toMillis() / 1000.0,
        outcome.succeeded() ? "" : "   (the update failed, as `pulumi up` would report)");
  }

  private void printOwner(Throwable failure) {
    Throwable shown = unwrap(failure);
    if (shown instanceof ResourceException re && re.getResource().isPresent()) {
      out.println("  " + displayType(re.getResource().get().pulumiResourceType()) + " ("
          + re.getResource().get().pulumiResourceName() + "):");
    } else {
      out.println("  pulumi:pulumi:Stack (" + Rehearsal.STACK + "):");
    }
  }

  // Only when the runtime logged nothing: what the engine would print for the exception.
  private void printFailure(Throwable failure) {
    Throwable shown = unwrap(failure);
    printError(shown instanceof ResourceException || shown instanceof RunException ? shown.getMessage()
        : "Running program failed with an unhandled exception:\n" + shown);
  }

  private void printError(String message) {
    String prefix = "    error: ";
    for (String line : String.valueOf(message).split("\\R")) {
      out.println(prefix + line);
      prefix = "           ";
    }
  }

  // The SDK wraps a failure inside an exported output in its serializer's exception; show what the program threw.
  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getClass().getName().startsWith("com.pulumi.")
        && !(t instanceof ResourceException) && !(t instanceof RunException)) {
      t = t.getCause();
    }
    return t;
  }

  private void printOutputs(Map<String, Object> outputs) {
    out.println();
    out.println("Outputs:");
    Map<String, Object> sorted = new TreeMap<>(outputs);
    int width = sorted.keySet().stream().mapToInt(String::length).max().orElse(0);
    sorted.forEach((name, output) -> {
      Object value = rows(output);
      if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
        out.printf("    %-" + width + "s: %d entries%n", name, list.size());
        printTable(list);
      } else if (value instanceof String s) {
        out.printf("    %-" + width + "s: \"%s\"%n", name, s);
      } else {
        out.printf("    %-" + width + "s: %s%n", name, value);
      }
    });
  }

  // The component's typed outputs are shown as the rows their schema names give.
  private static Object rows(Object value) {
    if (value instanceof List<?> list && !list.isEmpty()
        && (list.get(0) instanceof RequestResult || list.get(0) instanceof PlanEntry)) {
      return list.stream().map(o -> o instanceof RequestResult r ? r.toMap() : ((PlanEntry) o).toMap()).toList();
    }
    return value;
  }

  private void printTable(List<?> rows) {
    List<String> columns = List.of("accountId", "permissionSetArn", "status", "requestId", "reason", "failureReason");
    List<String> present = columns.stream()
        .filter(c -> rows.stream().anyMatch(r -> r instanceof Map<?, ?> m && m.get(c) != null)).toList();
    List<List<String>> cells = new ArrayList<>();
    cells.add(present.stream().map(HEADERS::get).toList());
    for (Object row : rows) {
      Map<?, ?> map = (Map<?, ?>) row;
      cells.add(present.stream().map(c -> {
        Object value = map.get(c);
        String text = value == null ? "" : value.toString();
        return c.equals("permissionSetArn")
            ? PermissionSetArn.tryParse(text).map(PermissionSetArn::permissionSetId).orElse(text) : text;
      }).toList());
    }
    int[] widths = new int[present.size()];
    cells.forEach(line -> {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    });
    for (List<String> line : cells) {
      StringBuilder text = new StringBuilder("        ");
      for (int i = 0; i < widths.length; i++) {
        text.append(String.format("%-" + (widths[i] + 2) + "s", line.get(i)));
      }
      out.println(text.toString().stripTrailing());
    }
  }

  /** {@code aws:ssoadmin/permissionSet:PermissionSet} is shown as {@code aws:ssoadmin:PermissionSet}. */
  static String displayType(String type) {
    String[] parts = type.split(":");
    if (parts.length == 3 && parts[1].contains("/")) {
      return parts[0] + ":" + parts[1].substring(0, parts[1].indexOf('/')) + ":" + parts[2];
    }
    return type;
  }
}
