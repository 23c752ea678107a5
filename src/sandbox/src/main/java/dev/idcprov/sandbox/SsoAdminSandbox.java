package dev.idcprov.sandbox;

import dev.idcprov.sandbox.internal.SandboxConfig;
import dev.idcprov.sandbox.internal.SandboxServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A local IAM Identity Center admin API (SSO Admin) that the AWS SDKs and the AWS CLI cannot tell from the service for
 * the operations this product uses. It binds 127.0.0.1, speaks the JSON 1.1 protocol ({@code POST /},
 * {@code X-Amz-Target: SWBExternalService.<Operation>}), validates every request against the service model's
 * constraints, provisions permission sets asynchronously with the service's statuses and failure reasons, throttles at
 * a shared quota and injects faults on demand.
 *
 * <p>Lifecycle: {@link #builder()} ... {@link Builder#build()}, then {@link #start()} once, then {@link #close()}
 * (idempotent). Reading the endpoint before {@code start()}, or starting twice or after {@code close()}, is an
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (SsoAdminSandbox sandbox = SsoAdminSandbox.builder().timeScale(1000).randomSeed(7).build().start()) {
 *   SsoAdminClient sso = SsoAdminClient.builder()
 *       .endpointOverride(sandbox.endpoint())
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
 *       .httpClient(UrlConnectionHttpClient.create())
 *       .build();
 *   sso.listInstances(r -> {});
 *   System.out.println(sandbox.metrics().format());
 * }
 * }</pre>
 *
 * <p>Size: about 440 lines, most of it the builder's documented realism controls; the emulator itself lives in
 * the {@code internal} package.
 */
public final class SsoAdminSandbox implements AutoCloseable {

  /** Default request quota, requests per sandbox second shared by all operations. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 20.0;
  /** Default shortest provisioning duration (sandbox time). */
  public static final Duration DEFAULT_PROVISIONING_MIN = Duration.ofSeconds(2);
  /** Default longest provisioning duration (sandbox time). */
  public static final Duration DEFAULT_PROVISIONING_MAX = Duration.ofSeconds(30);

  /**
   * A realistic list visibility lag (sandbox time) for rehearsals and examples: list operations see the state as it was
   * up to 2 s ago. An estimate, not a measurement: AWS documents the IAM Identity Center and IAM APIs as eventually
   * consistent, with changes usually visible "within seconds"; 2 s is long enough that a read right after a write
   * misses it, short enough that a rehearsal's waits stay brief. Tests keep the default 0 (deterministic).
   */
  public static final Duration REALISTIC_LIST_VISIBILITY_LAG = Duration.ofSeconds(2);

  private enum State { NEW, STARTED, CLOSED }

  private final SandboxConfig config;
  private final SandboxFaults faults;
  private final SandboxServer server;
  private State state = State.NEW;
  private URI endpoint;

  private SsoAdminSandbox(SandboxConfig config, SandboxFaults faults) {
    this.config = config;
    this.faults = faults;
    this.server = new SandboxServer(config, faults);
  }

  /** @return a builder holding the defaults (port 0, default seed, time scale 1, 20 requests/s, no faults) */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds 127.0.0.1 on the configured port (a free one for port 0) and starts serving.
   *
   * @return this
   * @throws IllegalStateException when already started or closed
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  public synchronized SsoAdminSandbox start() {
    if (state != State.NEW) {
      throw new IllegalStateException("the sandbox can be started only once; it is " + state.name().toLowerCase());
    }
    endpoint = server.start(config.port());
    state = State.STARTED;
    return this;
  }

  /**
   * @return the base URL to give SDKs as endpoint override, e.g. {@code http://127.0.0.1:54321}
   * @throws IllegalStateException before {@link #start()}
   */
  public synchronized URI endpoint() {
    if (endpoint == null) {
      throw new IllegalStateException("the sandbox has no endpoint before start()");
    }
    return endpoint;
  }

  /** @return the ARN of the seeded instance */
  public String instanceArn() {
    return config.seed().instanceArn();
  }

  /** @return the identity store id of the seeded instance */
  public String identityStoreId() {
    return config.seed().identityStoreId();
  }

  /** @return the member account ids of the seed, in seed order (ACTIVE and SUSPENDED) */
  public List<String> accountIds() {
    return config.seed().accounts().stream().map(SandboxSeed.Account::id).toList();
  }

  /** @return the seed the sandbox runs with */
  public SandboxSeed seed() {
    return config.seed();
  }

  /** @return every request received so far, in arrival order; never credentials */
  public List<RecordedRequest> requests() {
    return server.requests();
  }

  /** @return a snapshot of the per-operation counters */
  public SandboxMetrics metrics() {
    return server.metrics();
  }

  /** @return the live fault controls; changes apply to the next request */
  public SandboxFaults faults() {
    return faults;
  }

  /** @return the control API: accounts that change, quotas, the list lag, while the sandbox runs */
  public SandboxControl control() {
    return new SandboxControl(server.service().controls(), faults);
  }

  /** @return the ground truth of every {@code ProvisionPermissionSet} request, in submission order */
  public List<ProvisioningRecord> provisioningRecords() {
    return server.service().provisioningRecords();
  }

  /**
   * @param requestId a request id returned by {@code ProvisionPermissionSet}
   * @return its ground truth, empty when the sandbox never issued that id
   */
  public Optional<ProvisioningRecord> provisioningRecord(String requestId) {
    return server.service().provisioningRecord(requestId);
  }

  /** Stops serving and the provisioning scheduler. Idempotent; the sandbox cannot be started again. */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    server.stop();
  }

  /**
   * Configures a {@link SsoAdminSandbox}. Setters validate at once (null -> {@link NullPointerException}, a bad value
   * -> {@link IllegalArgumentException} naming the field); {@link #build()} rejects conflicting settings with an
   * {@link IllegalStateException}.
   *
   * <p>Durations are in sandbox time: with {@link #timeScale(double)} 1000, a 30 s provisioning takes 30 ms.
   */
  public static final class Builder {
    private int port;
    private SandboxSeed seed;
    private Path seedFile;
    private int generatedAccounts;
    private double timeScale = 1.0;
    private Long randomSeed;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private Duration provisioningMin = DEFAULT_PROVISIONING_MIN;
    private Duration provisioningMax = DEFAULT_PROVISIONING_MAX;
    private Duration listVisibilityLag = Duration.ZERO;
    private boolean listLagVaries;
    private Duration latency = Duration.ZERO;
    private double throttleRate;
    private double serverErrorRate;
    private double dropConnectionRate;
    private Map<String, String> credentials;
    private String signingRegion = "us-east-1";
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * @param port the TCP port on 127.0.0.1; 0 (default) picks a free port
     * @return this
     * @throws IllegalArgumentException when outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param seed the starting state; default {@link SandboxSeed#defaults()}
     * @return this
     * @throws NullPointerException when {@code seed} is null
     */
    public Builder seed(SandboxSeed seed) {
      this.seed = Objects.requireNonNull(seed, "seed");
      return this;
    }

    /**
     * @param json a seed JSON file, read by {@link #build()}
     * @return this
     * @throws NullPointerException when {@code json} is null
     */
    public Builder seedFile(Path json) {
      this.seedFile = Objects.requireNonNull(json, "seedFile");
      return this;
    }

    /**
     * @param count replace the seed's accounts with this many ACTIVE accounts (benchmarks use 1000)
     * @return this
     * @throws IllegalArgumentException when below 1 or above 100000
     */
    public Builder generatedAccounts(int count) {
      if (count < 1 || count > 100_000) {
        throw new IllegalArgumentException("generatedAccounts must be between 1 and 100000, got " + count);
      }
      this.generatedAccounts = count;
      return this;
    }

    /**
     * @param factor how many times faster than the wall clock every sandbox duration runs (provisioning, lag,
     *     latency, quota window); at least 1
     * @return this
     * @throws IllegalArgumentException when below 1 or not finite
     */
    public Builder timeScale(double factor) {
      if (!(factor >= 1.0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("timeScale must be a finite number >= 1, got " + factor);
      }
      this.timeScale = factor;
      return this;
    }

    /**
     * @param seed seed of the random source behind durations and injected faults; the same seed and the same request
     *     sequence give the same run. Default: time-based.
     * @return this
     */
    public Builder randomSeed(long seed) {
      this.randomSeed = seed;
      return this;
    }

    /**
     * @param quota requests per sandbox second, shared by all operations, beyond which the sandbox answers
     *     {@code ThrottlingException}; the wall-clock quota is {@code quota * timeScale}. Default 20.
     * @return this
     * @throws IllegalArgumentException when not positive
     */
    public Builder requestsPerSecond(double quota) {
      if (!(quota > 0) || Double.isInfinite(quota)) {
        throw new IllegalArgumentException("requestsPerSecond must be a positive number, got " + quota);
      }
      this.requestsPerSecond = quota;
      return this;
    }

    /**
     * @param min shortest provisioning duration (sandbox time)
     * @param max longest; each request draws uniformly in {@code [min, max]}. Default 2 s .. 30 s.
     * @return this
     * @throws NullPointerException when either is null
     * @throws IllegalArgumentException when negative or {@code min > max}
     */
    public Builder provisioningDuration(Duration min, Duration max) {
      SandboxFaults.nonNegative("provisioningDuration min", min);
      SandboxFaults.nonNegative("provisioningDuration max", max);
      if (min.compareTo(max) > 0) {
        throw new IllegalArgumentException("provisioningDuration min " + min + " must not exceed max " + max);
      }
      this.provisioningMin = min;
      this.provisioningMax = max;
      return this;
    }

    /**
     * @param lag list operations see the state as it was {@code lag} ago (sandbox time); default 0
     * @return this
     * @throws NullPointerException when null
     * @throws IllegalArgumentException when negative
     */
    public Builder listVisibilityLag(Duration lag) {
      this.listVisibilityLag = SandboxFaults.nonNegative("listVisibilityLag", lag);
      return this;
    }

    /**
     * @param varies whether each list call sees the state a random time between 0 and the
     *               {@linkplain #listVisibilityLag(Duration) lag} ago (reads that may go back in time, as replicas
     *               of an eventually consistent index serve them) rather than exactly the lag ago; default false
     * @return this
     * @see SandboxFaults#listLagVaries(boolean)
     */
    public Builder listLagVaries(boolean varies) {
      this.listLagVaries = varies;
      return this;
    }

    /**
     * @param latency delay added before every response (sandbox time); default 0
     * @return this
     * @throws NullPointerException when null
     * @throws IllegalArgumentException when negative
     */
    public Builder latency(Duration latency) {
      this.latency = SandboxFaults.nonNegative("latency", latency);
      return this;
    }

    /**
     * @param p probability of an injected {@code ThrottlingException}; default 0
     * @return this
     * @throws IllegalArgumentException when outside {@code [0, 1]}
     */
    public Builder throttleRate(double p) {
      SandboxFaults.checkRate("throttleRate", p);
      this.throttleRate = p;
      return this;
    }

    /**
     * @param p probability of an injected {@code InternalServerException} (HTTP 500); default 0
     * @return this
     * @throws IllegalArgumentException when outside {@code [0, 1]}
     */
    public Builder serverErrorRate(double p) {
      SandboxFaults.checkRate("serverErrorRate", p);
      this.serverErrorRate = p;
      return this;
    }

    /**
     * @param p probability that a connection is closed without a response; default 0
     * @return this
     * @throws IllegalArgumentException when outside {@code [0, 1]}
     */
    public Builder dropConnectionRate(double p) {
      SandboxFaults.checkRate("dropConnectionRate", p);
      this.dropConnectionRate = p;
      return this;
    }

    /**
     * Turns SigV4 verification on. Off by default: any request is accepted, signed or not. On, each request is
     * re-signed with the AWS SDK's own signer and compared: an unsigned request gets
     * {@code MissingAuthenticationTokenException}, an unknown access key {@code UnrecognizedClientException}, a wrong
     * signature, a credential scope for another region ({@link #signingRegion(String)}) or service than {@code sso},
     * or an unsigned {@code host}, {@code x-amz-*} or {@code content-type} header {@code InvalidSignatureException}
     * (HTTP 403); an {@code X-Amz-Date} more than 15 minutes from the {@linkplain #clock(Clock) clock}
     * {@code InvalidSignatureException} "Signature expired" (HTTP 400).
     *
     * @param accessKeyIdToSecret the accepted access key ids and their secret keys; copied
     * @return this
     * @throws NullPointerException when null
     * @throws IllegalArgumentException when empty
     */
    public Builder verifySignatures(Map<String, String> accessKeyIdToSecret) {
      Objects.requireNonNull(accessKeyIdToSecret, "verifySignatures");
      if (accessKeyIdToSecret.isEmpty()) {
        throw new IllegalArgumentException("verifySignatures needs at least one access key id and secret");
      }
      this.credentials = Map.copyOf(accessKeyIdToSecret);
      return this;
    }

    /**
     * @param region the region a verified signature's credential scope must name (the sandbox stands for the service
     *     in that region); default {@code us-east-1}. Only read when {@link #verifySignatures(Map)} is on.
     * @return this
     * @throws IllegalArgumentException when not a region name such as {@code eu-west-1}
     */
    public Builder signingRegion(String region) {
      Objects.requireNonNull(region, "signingRegion");
      if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
        throw new IllegalArgumentException("signingRegion must be a region name such as us-east-1, got '" + region
            + "'");
      }
      this.signingRegion = region;
      return this;
    }

    /**
     * @param clock the clock behind timestamps, the visibility lag and the signature's clock skew check (not the
     *     quota window, which runs on Failsafe's monotonic clock); default UTC system clock
     * @return this
     * @throws NullPointerException when null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return a sandbox, not yet started
     * @throws IllegalStateException when both {@link #seed(SandboxSeed)} and {@link #seedFile(Path)} are set, or the
     *     three fault rates add up beyond 1
     * @throws IllegalArgumentException when the seed file is invalid
     * @throws java.io.UncheckedIOException when the seed file cannot be read
     */
    public SsoAdminSandbox build() {
      if (seed != null && seedFile != null) {
        throw new IllegalStateException("seed and seedFile are both set; choose one");
      }
      if (throttleRate + serverErrorRate + dropConnectionRate > 1.0 + 1e-9) {
        throw new IllegalStateException("throttleRate + serverErrorRate + dropConnectionRate must not exceed 1, got "
            + (throttleRate + serverErrorRate + dropConnectionRate));
      }
      SandboxSeed s = seedFile != null ? SandboxSeed.fromJson(seedFile) : seed != null ? seed : SandboxSeed.defaults();
      if (generatedAccounts > 0) {
        s = s.withGeneratedAccounts(generatedAccounts);
      }
      SandboxFaults faults = new SandboxFaults();
      faults.throttleRate(throttleRate).serverErrorRate(serverErrorRate).dropConnectionRate(dropConnectionRate)
          .latency(latency).listVisibilityLag(listVisibilityLag)
          .listLagVaries(listLagVaries);
      long rs = randomSeed != null ? randomSeed : System.nanoTime();
      SandboxConfig config = new SandboxConfig(port, s, timeScale, rs, requestsPerSecond, provisioningMin,
          provisioningMax, credentials, signingRegion, clock);
      return new SsoAdminSandbox(config, faults);
    }
  }
}
