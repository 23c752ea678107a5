package dev.idcprov.provider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The provider started as the engine starts a plugin: a JVM of its own with the engine's address as its one argument,
 * its port read from the first line of its standard output (the handshake). Standard error is kept for failure
 * messages. The JVM's class path is this test JVM's (the provider module's classes and runtime dependencies).
 */
final class ProviderProcess implements AutoCloseable {
  /** The access key id of the provider's environment credentials (the SDK's default chain finds them). */
  static final String ACCESS_KEY_ID = "AKIDPROVIDERTEST";
  private final Process process;
  private final StringBuffer stderr = new StringBuffer();
  private final int port;

  private ProviderProcess(Process process) {
    this.process = process;
    drain(process.getErrorStream());
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).completeOnTimeout(null, 60, TimeUnit.SECONDS).join();
    if (first == null || !first.strip().matches("\\d+")) {
      process.destroyForcibly();
      throw new IllegalStateException("the provider printed no port as its first line (got " + first + "); stderr:\n"
          + stderr);
    }
    this.port = Integer.parseInt(first.strip());
  }

  /**
   * @param mainClass     the entry point ({@link ProviderMain}, or the tests' time-scaled one)
   * @param engineAddress the fake engine's address
   * @param jvmProperties -Dkey=value arguments for the provider's JVM
   * @return the running provider, its port read
   */
  static ProviderProcess start(Class<?> mainClass, String engineAddress, String... jvmProperties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.addAll(List.of(jvmProperties));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    // the engine's logging flags around the address, as the engine passes them
    command.add("--logtostderr");
    command.add("-v=9");
    command.add(engineAddress);
    ProcessBuilder builder = new ProcessBuilder(command);
    // the component builds its SSO Admin client with the SDK's default chains: dummy credentials for the sandbox
    builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "provider-test-secret");
    // no region or profile from the environment: the region must come from the stack config sent in Construct
    builder.environment().remove("AWS_PROFILE");
    builder.environment().remove("AWS_REGION");
    builder.environment().remove("AWS_DEFAULT_REGION");
    builder.environment().remove("AWS_CONFIG_FILE");
    return new ProviderProcess(builder.start());
  }

  /** @return the port the provider printed, where it serves the ResourceProvider service */
  int port() {
    return port;
  }

  private void drain(InputStream in) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          stderr.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "provider-stderr");
    t.setDaemon(true);
    t.start();
  }

  /** @return what the provider wrote on standard error so far */
  String stderr() {
    return stderr.toString();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
