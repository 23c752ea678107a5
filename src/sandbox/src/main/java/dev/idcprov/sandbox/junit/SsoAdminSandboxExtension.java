package dev.idcprov.sandbox.junit;

import dev.idcprov.sandbox.SsoAdminSandbox;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClientBuilder;

/**
 * Runs an {@link SsoAdminSandbox} for JUnit Jupiter tests: starts it on a free port of 127.0.0.1, injects it, and
 * closes it afterwards.
 *
 * <p><b>Lifecycle</b> follows where JUnit registers the extension:
 * <ul>
 *   <li><b>One sandbox per test class</b> when it is registered on the class: a {@code static}
 *       {@code @RegisterExtension} field, or {@code @ExtendWith(SsoAdminSandboxExtension.class)} on the class. It
 *       starts before the class's {@code @BeforeAll} methods and closes after its {@code @AfterAll} methods; every test
 *       of the class, and of its {@code @Nested} classes, sees the same sandbox and the state the earlier tests left in
 *       it.</li>
 *   <li><b>One sandbox per test</b> when it is registered for a test: an instance (non-static)
 *       {@code @RegisterExtension} field, or {@code @ExtendWith} on a test method. It starts before the test's
 *       {@code @BeforeEach} methods and closes after its {@code @AfterEach} methods; each test starts from the
 *       seed.</li>
 * </ul>
 * Only one registration may be in scope for a test: two (say, one in a class and one in its {@code @Nested} class)
 * both offer the same parameter types, which JUnit rejects as competing resolvers. Give each {@code @Nested} class its
 * own registration instead, as an enclosing class's {@code @BeforeEach} method can take its parameters from it.
 *
 * <p><b>Parameters</b> of test constructors, lifecycle methods and test methods are resolved by type:
 * {@link SsoAdminSandbox} (the running sandbox: ground truth, recorded requests, live faults), {@link URI} (its
 * endpoint, for an {@code endpointOverride} or a CLI's {@code --endpoint-url}) and
 * {@code software.amazon.awssdk.services.ssoadmin.SsoAdminClient}. The client is built on first use, one per sandbox:
 * endpoint override, region {@value #REGION}, static credentials {@value #DEFAULT_ACCESS_KEY_ID} /
 * {@value #DEFAULT_SECRET_ACCESS_KEY}, the URL-connection HTTP client, and otherwise the SDK's defaults (including its
 * retries); the extension owns it and closes it before the sandbox. Constructor parameters cannot come from an
 * instance-field registration: JUnit registers that after the constructor has run.
 *
 * <p><b>Dependencies</b>: JUnit's API, {@code software.amazon.awssdk:ssoadmin} and
 * {@code software.amazon.awssdk:url-connection-client} are optional dependencies of the sandbox artifact. A test that
 * injects an {@code SsoAdminClient} must have the two SDK modules on its class path; one that injects only the sandbox
 * or the {@code URI} does not.
 *
 * <p>Defaults, all of them the sandbox's own ({@link SsoAdminSandbox#builder()}: time scale 1, so provisioning takes
 * 2 to 30 wall-clock seconds, 20 requests per second, no faults):
 * <pre>{@code
 * @ExtendWith(SsoAdminSandboxExtension.class)
 * class ListInstancesTest {
 *   @Test
 *   void listsTheSeededInstance(SsoAdminSandbox sandbox, SsoAdminClient sso) {
 *     assertThat(sso.listInstances(r -> {}).instances()).extracting(InstanceMetadata::instanceArn)
 *         .containsExactly(sandbox.instanceArn());
 *   }
 * }
 * }</pre>
 *
 * <p>Configured, one sandbox per test:
 * <pre>{@code
 * @RegisterExtension
 * final SsoAdminSandboxExtension sandbox = SsoAdminSandboxExtension.builder()
 *     .sandbox(b -> b.timeScale(1000).randomSeed(7))
 *     .client(c -> c.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
 *     .build();
 * }</pre>
 */
public final class SsoAdminSandboxExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** The region of the injected client: {@value}. The sandbox answers in any region. */
  public static final String REGION = "us-east-1";
  /** The access key id of the injected client unless {@link Builder#credentials(String, String)} sets one: {@value}. */
  public static final String DEFAULT_ACCESS_KEY_ID = "AKIDSANDBOXTEST";
  /** The secret key of the injected client unless {@link Builder#credentials(String, String)} sets one: {@value}. */
  public static final String DEFAULT_SECRET_ACCESS_KEY = "sandbox-test-secret";

  private static final String KEY = "running";

  private final Consumer<SsoAdminSandbox.Builder> sandboxConfig;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final Consumer<? super SsoAdminClientBuilder> clientConfig;
  // keyed by this instance: two registrations of the extension never share a sandbox
  private final ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(getClass(), this);

  /** An extension with every default, for {@code @ExtendWith(SsoAdminSandboxExtension.class)}. */
  public SsoAdminSandboxExtension() {
    this(new Builder());
  }

  private SsoAdminSandboxExtension(Builder b) {
    this.sandboxConfig = b.sandboxConfig;
    this.accessKeyId = b.accessKeyId;
    this.secretAccessKey = b.secretAccessKey;
    this.clientConfig = b.clientConfig;
  }

  /** @return a builder holding the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the class's sandbox.
   *
   * @param context the class's context
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  /**
   * Starts the test's sandbox, unless one runs for the whole class.
   *
   * @param context the test's context
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    running(context);
  }

  /**
   * Closes the test's client and sandbox, if this test started them.
   *
   * @param context the test's context
   */
  @Override
  public void afterEach(ExtensionContext context) {
    closeOwned(context);
  }

  /**
   * Closes the class's client and sandbox, if this class started them.
   *
   * @param context the class's context
   */
  @Override
  public void afterAll(ExtensionContext context) {
    closeOwned(context);
  }

  /**
   * @param parameter the parameter to resolve
   * @param context the context it is resolved in
   * @return whether it is an {@link SsoAdminSandbox}, a {@link URI} or an {@code SsoAdminClient}
   */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    // compared by name: naming the class would load the SDK even for tests that inject only the sandbox or its URI
    return type == SsoAdminSandbox.class || type == URI.class || type.getName().equals(SandboxClients.CLIENT_CLASS);
  }

  /**
   * @param parameter a parameter {@link #supportsParameter supported}
   * @param context the context it is resolved in
   * @return the running sandbox, its endpoint, or its client (built on first use)
   */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = running(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == SsoAdminSandbox.class) {
      return running.sandbox;
    }
    if (type == URI.class) {
      return running.sandbox.endpoint();
    }
    return running.client();
  }

  /** @return the sandbox of this context or an enclosing one; when there is none, one started for this context */
  private Running running(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(namespace);
    Running inherited = store.get(KEY, Running.class);
    return inherited != null ? inherited : store.computeIfAbsent(KEY, k -> start(), Running.class);
  }

  private Running start() {
    SsoAdminSandbox.Builder builder = SsoAdminSandbox.builder();
    sandboxConfig.accept(builder);
    return new Running(builder.build().start());
  }

  private void closeOwned(ExtensionContext context) {
    // remove() looks at this context's own store only, so a class's sandbox outlives each of its tests
    Running owned = context.getStore(namespace).remove(KEY, Running.class);
    if (owned != null) {
      owned.close();
    }
  }

  /**
   * A started sandbox and, once asked for, its client. AutoCloseable as well, so that JUnit closes it with the store
   * that holds it should it ever be started where no after-callback of this extension runs.
   */
  private final class Running implements AutoCloseable {
    final SsoAdminSandbox sandbox;
    private Object client;

    Running(SsoAdminSandbox sandbox) {
      this.sandbox = sandbox;
    }

    synchronized Object client() {
      if (client == null) {
        client = SandboxClients.create(sandbox.endpoint(), accessKeyId, secretAccessKey, clientConfig);
      }
      return client;
    }

    /** Closes the client, then the sandbox, which is closed even when closing the client fails. */
    @Override
    public synchronized void close() {
      try {
        if (client != null) {
          SandboxClients.close(client);
        }
      } finally {
        sandbox.close();
      }
    }
  }

  /**
   * Configures an {@link SsoAdminSandboxExtension}. Every setter rejects null with a {@link NullPointerException}.
   */
  public static final class Builder {
    private Consumer<SsoAdminSandbox.Builder> sandboxConfig = b -> {};
    private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
    private String secretAccessKey = DEFAULT_SECRET_ACCESS_KEY;
    // null until client(...) is called: even an empty lambda typed on the SDK's builder would load the SDK
    private Consumer<? super SsoAdminClientBuilder> clientConfig;

    private Builder() {}

    /**
     * Configures each sandbox the extension starts, on a fresh {@link SsoAdminSandbox#builder()}; leave its port at 0
     * (a free one) unless a fixed port is needed. Calls add up, in order. An invalid setting fails the sandbox's start,
     * with the sandbox builder's exception, when the first test that needs it runs.
     *
     * @param configure sets the sandbox's builder, e.g. {@code b -> b.timeScale(1000).randomSeed(7)}
     * @return this
     * @throws NullPointerException when {@code configure} is null
     */
    public Builder sandbox(Consumer<SsoAdminSandbox.Builder> configure) {
      Objects.requireNonNull(configure, "sandbox");
      this.sandboxConfig = this.sandboxConfig.andThen(configure);
      return this;
    }

    /**
     * Sets the static credentials of the injected client; pass the same pair to
     * {@link SsoAdminSandbox.Builder#verifySignatures(java.util.Map)} to test with signature verification on.
     *
     * @param accessKeyId the access key id; default {@value SsoAdminSandboxExtension#DEFAULT_ACCESS_KEY_ID}
     * @param secretAccessKey the secret key; default {@value SsoAdminSandboxExtension#DEFAULT_SECRET_ACCESS_KEY}
     * @return this
     * @throws NullPointerException when either is null
     * @throws IllegalArgumentException when either is blank
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.accessKeyId = nonBlank("accessKeyId", accessKeyId);
      this.secretAccessKey = nonBlank("secretAccessKey", secretAccessKey);
      return this;
    }

    /**
     * Configures the injected client after the extension's settings (endpoint, region, credentials, HTTP client), so it
     * can override any of them, e.g. turn the SDK's retries off to see every injected fault. Calls add up, in order.
     *
     * @param configure sets the client's builder
     * @return this
     * @throws NullPointerException when {@code configure} is null
     */
    public Builder client(Consumer<? super SsoAdminClientBuilder> configure) {
      Objects.requireNonNull(configure, "client");
      Consumer<? super SsoAdminClientBuilder> before = this.clientConfig;
      this.clientConfig = before == null ? configure : (SsoAdminClientBuilder c) -> {
        before.accept(c);
        configure.accept(c);
      };
      return this;
    }

    /** @return the extension, to register with {@code @RegisterExtension} */
    public SsoAdminSandboxExtension build() {
      return new SsoAdminSandboxExtension(this);
    }

    private static String nonBlank(String field, String value) {
      Objects.requireNonNull(value, field);
      if (value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank");
      }
      return value;
    }
  }
}
