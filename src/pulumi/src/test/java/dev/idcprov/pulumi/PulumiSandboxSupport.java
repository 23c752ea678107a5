package dev.idcprov.pulumi;

import com.pulumi.Context;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SsoAdminSandbox;
import dev.idcprov.sandbox.StandInSts;
import dev.idcprov.waiter.ProvisioningContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;

/** Sandbox, mocks and runner shared by the component's tests. */
public final class PulumiSandboxSupport {
  /**
   * How much faster than real time the components' inputs run in tests: one input second lasts 20 ms, so polls and
   * deadlines follow the sandbox's fast clock.
   */
  public static final double TIME_SCALE = 50;
  static final String SLOW_TYPE = "test:index:SlowResource";

  static {
    // the component builds its client with the SDK's default chains: give it dummy credentials
    System.setProperty("aws.accessKeyId", "AKIDPULUMITEST");
    System.setProperty("aws.secretAccessKey", "pulumi-test-secret");
  }

  private PulumiSandboxSupport() {
  }

  public static SsoAdminSandbox sandbox(Duration provisioningMin, Duration provisioningMax) {
    return SsoAdminSandbox.builder().timeScale(1000).provisioningDuration(provisioningMin, provisioningMax)
        .randomSeed(42).build().start();
  }

  /** @return a context of its own at {@link #TIME_SCALE}; close it after the test */
  public static ProvisioningContext context() {
    return ProvisioningContext.builder().timeScale(TIME_SCALE).build();
  }

  public static SsoAdminClient admin(SsoAdminSandbox sandbox) {
    return SsoAdminClient.builder()
        .endpointOverride(sandbox.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static String createPermissionSet(SsoAdminClient sso, String instanceArn, String name) {
    return sso.createPermissionSet(r -> r.instanceArn(instanceArn).name(name)).permissionSet().permissionSetArn();
  }

  public static long count(SsoAdminSandbox sandbox, String operation) {
    return sandbox.requests().stream().filter(r -> r.operation().equals(operation)).count();
  }

  public static List<String> operations(SsoAdminSandbox sandbox) {
    return sandbox.requests().stream().map(RecordedRequest::operation).toList();
  }

  /** One stand-in STS for the tests that do not look at its calls: it answers GetCallerIdentity. */
  private static final class SharedSts {
    static final StandInSts STS = StandInSts.start();
  }

  /**
   * @param config stack config
   * @return it with {@code aws:endpoints} pointing STS at the shared stand-in, unless it sets aws:endpoints itself
   */
  public static Map<String, String> withStandInSts(Map<String, String> config) {
    if (config.containsKey("aws:endpoints")) {
      return config;
    }
    Map<String, String> out = new HashMap<>(config);
    out.put("aws:endpoints", SharedSts.STS.endpointsConfig());
    return out;
  }

  /** Runs a program in the test runtime with stack config, and cleans up after it. */
  public static TestResult run(boolean preview, Mocks mocks, Map<String, String> config, Consumer<Context> program) {
    return run(preview, mocks, config, null, program);
  }

  public static TestResult run(boolean preview, Mocks mocks, Map<String, String> config, Logger logger,
                        Consumer<Context> program) {
    PulumiTestInternal.Builder b = PulumiTestInternal.builder()
        .options(TestOptions.builder().projectName("idcprov").stackName("test").preview(preview).build())
        .mocks(mocks)
        .config(withStandInSts(config));
    if (logger != null) {
      b.standardLogger(logger);
    }
    try {
      return b.build().runTestAsync(program).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the Pulumi test run did not end", e);
    } finally {
      PulumiTest.cleanup();
    }
  }

  /** A stand-in for a pulumi-aws resource whose creation the mocks complete late. */
  static final class SlowResource extends CustomResource {
    SlowResource(String name) {
      super(SLOW_TYPE, name, ResourceArgs.Empty, CustomResourceOptions.Empty);
    }
  }

  /**
   * Empty state for the component, inputs echoed for other resources; {@link SlowResource}s complete after a
   * delay, and the sandbox's request count at that moment is recorded.
   */
  public static final class SandboxMocks implements Mocks {
    final List<Long> requestsWhenSlowResourceFinished = new CopyOnWriteArrayList<>();
    final List<String> types = new CopyOnWriteArrayList<>();
    private final SsoAdminSandbox sandbox;
    private final Duration slowDelay;

    public SandboxMocks(SsoAdminSandbox sandbox, Duration slowDelay) {
      this.sandbox = sandbox;
      this.slowDelay = slowDelay;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
      types.add(args.type);
      if (args.type.equals(PermissionSetProvisioning.TYPE)) {
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.empty(), Map.of()));
      }
      if (args.type.equals(SLOW_TYPE)) {
        return CompletableFuture.supplyAsync(() -> {
          requestsWhenSlowResourceFinished.add((long) sandbox.requests().size());
          return ResourceResult.of(Optional.of(args.name + "-id"), Map.of());
        }, CompletableFuture.delayedExecutor(slowDelay.toMillis(), TimeUnit.MILLISECONDS));
      }
      return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"),
          new HashMap<>(args.inputs)));
    }
  }

  /** Captures what the deployment logs. */
  static final class CapturingHandler extends Handler {
    final List<String> messages = new CopyOnWriteArrayList<>();

    static CapturingHandler attachTo(Logger logger) {
      CapturingHandler h = new CapturingHandler();
      logger.addHandler(h);
      return h;
    }

    @Override
    public void publish(LogRecord record) {
      messages.add(String.valueOf(record.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    List<String> snapshot() {
      return new ArrayList<>(messages);
    }
  }
}
