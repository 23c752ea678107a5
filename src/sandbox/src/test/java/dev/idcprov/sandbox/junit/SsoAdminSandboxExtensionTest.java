package dev.idcprov.sandbox.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The JUnit extension: what it injects, and when it starts and closes the sandbox. The lifecycle is observed from
 * outside: the sample classes below run through the JUnit launcher, record what they were given, and this test
 * checks the record once they are done (a test cannot watch its own sandbox being closed). Surefire skips nested
 * classes, so the samples run only from here.
 */
class SsoAdminSandboxExtensionTest {

  /** What one sample method was given. */
  record Seen(String where, SsoAdminSandbox sandbox, URI endpoint, SsoAdminClient client) {}

  static final ConcurrentLinkedQueue<Seen> SEEN = new ConcurrentLinkedQueue<>();
  static final AtomicBoolean HTTP_CLIENT_CLOSED = new AtomicBoolean();

  // ---------------------------------------------------------------- injection, used directly

  @Nested
  @ExtendWith(SsoAdminSandboxExtension.class)
  class WithDefaults {
    @Test
    void injectsTheSandbox_itsEndpoint_andAClientThatReachesIt(SsoAdminSandbox sandbox, URI endpoint,
        SsoAdminClient sso) {
      List<InstanceMetadata> instances = sso.listInstances(r -> {}).instances();

      assertThat(endpoint).isEqualTo(sandbox.endpoint());
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
      assertThat(endpoint.getPort()).isPositive();
      assertThat(instances).extracting(InstanceMetadata::instanceArn).containsExactly(sandbox.instanceArn());
      assertThat(sandbox.requests()).extracting(RecordedRequest::operation).containsExactly("ListInstances");
    }
  }

  @Nested
  class Configured {
    static final String KEY_ID = "AKIDCONFIGURED";
    static final String SECRET = "configured-secret";

    @RegisterExtension
    final SsoAdminSandboxExtension extension = SsoAdminSandboxExtension.builder()
        .sandbox(b -> b.randomSeed(3))
        .sandbox(b -> b.verifySignatures(Map.of(KEY_ID, SECRET)))
        .credentials(KEY_ID, SECRET)
        .client(c -> c.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())))
        .build();

    @Test
    void clientSignsWithTheConfiguredCredentials_andTakesTheClientSettings(SsoAdminSandbox sandbox,
        SsoAdminClient sso) {
      sso.listInstances(r -> {});
      sandbox.faults().throttleRate(1.0);

      assertThatThrownBy(() -> sso.listInstances(r -> {})).isInstanceOf(ThrottlingException.class);
      assertThat(sandbox.requests()).extracting(RecordedRequest::statusCode).containsExactly(200, 400);
    }
  }

  @Test
  void builder_rejectsMissingOrBlankCredentials_namingTheField() {
    SsoAdminSandboxExtension.Builder b = SsoAdminSandboxExtension.builder();

    assertThatThrownBy(() -> b.credentials(" ", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("accessKeyId");
    assertThatThrownBy(() -> b.credentials("AKID", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("secretAccessKey");
    assertThatThrownBy(() -> b.sandbox(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("sandbox");
    assertThatThrownBy(() -> b.client(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("client");
  }

  // ---------------------------------------------------------------- lifecycle, observed after the samples ran

  @Test
  void staticField_startsOneSandboxForTheClass_andClosesItAfterAll() throws Exception {
    List<Seen> seen = run(PerClassSample.class, 2);

    assertThat(seen).extracting(Seen::where)
        .containsExactly("beforeAll", "constructor", "first", "constructor", "second");
    assertThat(seen).extracting(Seen::sandbox).containsOnly(seen.get(0).sandbox());
    assertThat(seen.stream().map(Seen::endpoint).filter(e -> e != null).distinct()).hasSize(1);
    assertThat(seen.stream().map(Seen::client).filter(c -> c != null).distinct()).hasSize(1);
    assertClosed(seen.get(0));
    assertThat(HTTP_CLIENT_CLOSED).isTrue();
  }

  @Test
  void instanceField_startsASandboxPerTest_andClosesItAfterEach() throws Exception {
    List<Seen> seen = run(PerTestSample.class, 2);

    assertThat(seen).extracting(Seen::where).containsExactly("beforeEach", "first", "beforeEach", "second");
    assertThat(seen.get(0).sandbox()).isSameAs(seen.get(1).sandbox());
    assertThat(seen.get(2).sandbox()).isSameAs(seen.get(3).sandbox()).isNotSameAs(seen.get(1).sandbox());
    assertThat(seen.get(1).client()).isNotSameAs(seen.get(3).client());
    assertClosed(seen.get(1));
    assertClosed(seen.get(3));
  }

  @Test
  void extendWithOnTheClass_sharesOneSandboxWithNestedClasses() throws Exception {
    List<Seen> seen = run(ExtendWithSample.class, 2);

    assertThat(seen).extracting(Seen::where).containsExactlyInAnyOrder("outer", "nested");
    assertThat(seen.get(0).sandbox()).isSameAs(seen.get(1).sandbox());
    assertClosed(seen.get(0));
  }

  @Test
  void extendWithOnAMethod_startsASandboxForThatTest() throws Exception {
    List<Seen> seen = run(MethodLevelSample.class, 2);

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).sandbox()).isNotSameAs(seen.get(1).sandbox());
    assertClosed(seen.get(0));
    assertClosed(seen.get(1));
  }

  /** Runs the sample class through the JUnit launcher; fails unless all its tests succeed. */
  private static List<Seen> run(Class<?> sample, int tests) {
    SEEN.clear();
    HTTP_CLIENT_CLOSED.set(false);
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    // JUnit would close the sandbox anyway, as an AutoCloseable left in a store; turned off so that the extension's
    // own after-callbacks are what is tested
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
        .configurationParameter("junit.jupiter.extensions.store.close.autocloseable.enabled", "false").build(),
        listener);
    TestExecutionSummary summary = listener.getSummary();
    StringWriter failures = new StringWriter();
    summary.printFailuresTo(new PrintWriter(failures), 20);
    assertThat(summary.getTotalFailureCount()).as(failures.toString()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
    return new ArrayList<>(SEEN);
  }

  /** The sandbox is closed: its port refuses connections and it cannot be started again. */
  private static void assertClosed(Seen seen) {
    URI endpoint = seen.sandbox().endpoint();
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
      }
    }).isInstanceOf(ConnectException.class);
    assertThatThrownBy(seen.sandbox()::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  // ---------------------------------------------------------------- samples, run by the tests above

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassSample {
    @RegisterExtension
    static final SsoAdminSandboxExtension SANDBOX = SsoAdminSandboxExtension.builder()
        .sandbox(b -> b.randomSeed(7))
        .client(c -> c.httpClientBuilder(new TrackingHttpClientBuilder()))
        .build();

    PerClassSample(SsoAdminSandbox sandbox) {
      SEEN.add(new Seen("constructor", sandbox, null, null));
    }

    @BeforeAll
    static void beforeAll(SsoAdminSandbox sandbox, URI endpoint) {
      SEEN.add(new Seen("beforeAll", sandbox, endpoint, null));
    }

    @Test
    @Order(1)
    void first(SsoAdminSandbox sandbox, URI endpoint, SsoAdminClient sso) {
      sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("LeftByTheFirstTest"));
      SEEN.add(new Seen("first", sandbox, endpoint, sso));
    }

    @Test
    @Order(2)
    void second(SsoAdminSandbox sandbox, URI endpoint, SsoAdminClient sso) {
      assertThat(sso.listPermissionSets(r -> r.instanceArn(sandbox.instanceArn())).permissionSets()).hasSize(1);
      SEEN.add(new Seen("second", sandbox, endpoint, sso));
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerTestSample {
    @RegisterExtension
    final SsoAdminSandboxExtension sandbox = SsoAdminSandboxExtension.builder().build();

    @BeforeEach
    void beforeEach(SsoAdminSandbox sandbox) {
      SEEN.add(new Seen("beforeEach", sandbox, null, null));
    }

    @Test
    @Order(1)
    void first(SsoAdminSandbox sandbox, URI endpoint, SsoAdminClient sso) {
      sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Same"));
      SEEN.add(new Seen("first", sandbox, endpoint, sso));
    }

    @Test
    @Order(2)
    void second(SsoAdminSandbox sandbox, URI endpoint, SsoAdminClient sso) {
      // a fresh sandbox: the name the first test took is free again
      sso.createPermissionSet(r -> r.instanceArn(sandbox.instanceArn()).name("Same"));
      SEEN.add(new Seen("second", sandbox, endpoint, sso));
    }
  }

  @ExtendWith(SsoAdminSandboxExtension.class)
  static class ExtendWithSample {
    @Test
    void outer(SsoAdminSandbox sandbox) {
      SEEN.add(new Seen("outer", sandbox, null, null));
    }

    @Nested
    class Inner {
      @Test
      void nested(SsoAdminSandbox sandbox) {
        SEEN.add(new Seen("nested", sandbox, null, null));
      }
    }
  }

  static class MethodLevelSample {
    @Test
    @ExtendWith(SsoAdminSandboxExtension.class)
    void one(SsoAdminSandbox sandbox) {
      SEEN.add(new Seen("one", sandbox, null, null));
    }

    @Test
    @ExtendWith(SsoAdminSandboxExtension.class)
    void two(SsoAdminSandbox sandbox) {
      SEEN.add(new Seen("two", sandbox, null, null));
    }
  }

  /** Builds URL-connection clients that report being closed; the SDK closes the HTTP clients it built. */
  static final class TrackingHttpClientBuilder implements SdkHttpClient.Builder<TrackingHttpClientBuilder> {
    @Override
    public SdkHttpClient buildWithDefaults(AttributeMap defaults) {
      SdkHttpClient delegate = UrlConnectionHttpClient.builder().buildWithDefaults(defaults);
      return new SdkHttpClient() {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
          return delegate.prepareRequest(request);
        }

        @Override
        public void close() {
          HTTP_CLIENT_CLOSED.set(true);
          delegate.close();
        }
      };
    }
  }
}
