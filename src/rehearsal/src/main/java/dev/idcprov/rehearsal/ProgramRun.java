package dev.idcprov.rehearsal;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Runs one Pulumi program (a class with {@code public static void stack(Context)}) once in the SDK's test runtime. */
final class ProgramRun {

  /** A message the program or a component logged (info, warning or error). */
  record LogLine(Level level, String message) {
  }

  /**
   * What a run produced.
   *
   * @param exitCode   the runtime's exit code: 0 ok, 32 unhandled exception, 1 errors logged
   * @param outputs    the stack outputs that resolved, by name (values may be null)
   * @param errors     error-level log messages
   * @param exceptions the distinct failures, outermost wrappers removed
   */
  record Outcome(int exitCode, Map<String, Object> outputs, List<String> errors, List<Throwable> exceptions) {
    boolean succeeded() {
      return exitCode == 0 && exceptions.isEmpty() && errors.isEmpty();
    }
  }

  private ProgramRun() {
  }

  /**
   * Loads a program class and finds its {@code public static void stack(com.pulumi.Context)} method.
   *
   * @throws IllegalArgumentException if the class or the method does not exist
   */
  static Consumer<Context> program(String className) {
    Objects.requireNonNull(className, "className");
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(className, true, loader == null ? ProgramRun.class.getClassLoader() : loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("program class '" + className + "' is not on the classpath", e);
    }
    Method stack;
    try {
      stack = type.getMethod("stack", Context.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("program class '" + className
          + "' has no method 'public static void stack(com.pulumi.Context)'", e);
    }
    if (!Modifier.isStatic(stack.getModifiers())) {
      throw new IllegalArgumentException("program class '" + className + "': stack(Context) must be static");
    }
    return ctx -> {
      try {
        stack.invoke(null, ctx);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot call " + className + ".stack(Context)", e);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      }
    };
  }

  /**
   * Runs the program in update mode.
   *
   * @see #run(Consumer, String, String, Map, Mocks, Consumer, boolean)
   */
  static Outcome run(Consumer<Context> program, String project, String stack, Map<String, String> config,
      Mocks mocks, Consumer<LogLine> log) {
    return run(program, project, stack, config, mocks, log, false);
  }

  /**
   * Runs the program once.
   *
   * @param program the program
   * @param project the project name, the namespace of unqualified config keys
   * @param stack   the stack name
   * @param config  config with full keys ({@code project:key}, {@code aws:region})
   * @param mocks   the resource mocks
   * @param log     receives the info, warning and error messages logged during the run, as they come
   * @param preview whether the run is a preview ({@code pulumi preview}) rather than an update
   */
  static Outcome run(Consumer<Context> program, String project, String stack, Map<String, String> config,
      Mocks mocks, Consumer<LogLine> log, boolean preview) {
    Logger logger = Logger.getAnonymousLogger();
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.INFO);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue() && record.getMessage() != null) {
          log.accept(new LogLine(record.getLevel(), record.getMessage()));
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    try {
      TestResult result = PulumiTestInternal.builder()
          .options(TestOptions.builder().projectName(project).stackName(stack).preview(preview).build())
          .mocks(mocks)
          .standardLogger(logger)
          .config(config)
          .build()
          .runTest(program);
      Map<String, Object> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, Output<?>> e : result.outputs().entrySet()) {
        outputs.put(e.getKey(), value(e.getValue()));
      }
      return new Outcome(result.exitCode(), outputs, List.copyOf(result.errors()), distinct(result.exceptions()));
    } finally {
      PulumiTest.cleanup();
    }
  }

  private static Object value(Output<?> output) {
    try {
      return PulumiTestInternal.extractOutputData(output).getValueNullable();
    } catch (RuntimeException e) {
      return null;
    }
  }

  // The runtime reports a failure twice: wrapped in CompletionException and unwrapped.
  private static List<Throwable> distinct(List<Exception> exceptions) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t : exceptions) {
      Throwable cause = t;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (!out.contains(cause)) {
        out.add(cause);
      }
    }
    return List.copyOf(out);
  }
}
