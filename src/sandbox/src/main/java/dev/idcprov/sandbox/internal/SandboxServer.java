package dev.idcprov.sandbox.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.failsafe.RateLimiter;
import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SandboxFaults;
import dev.idcprov.sandbox.SandboxMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the SSO Admin JSON 1.1 protocol over the JDK HTTP server: reads a request, applies the realism controls
 * (dropped connections, latency, signature check, quota, injected errors), hands the body to the {@link Dispatcher},
 * writes the answer and records it. Routing and state live elsewhere.
 */
public final class SandboxServer {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);

  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  /**
   * The largest request body served: the size beyond which AWS's front end answers HTTP 413 "HTTP content length
   * exceeded 1662976 bytes." (the limit and wording AWS's JSON front end was reported to answer, aws-sdk-js #479).
   */
  public static final int MAX_REQUEST_BYTES = 1_662_976;
  /** Bytes of an oversized body read and discarded before the 413 is answered; beyond them the connection closes. */
  static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;
  /** At most this many requests are kept by {@link #requests()}; older ones are dropped first. */
  public static final int MAX_RECORDED_REQUESTS = 10_000;
  /** At most this many characters of request bodies are kept by {@link #requests()} in all. */
  public static final long MAX_RECORDED_CHARS = 32L * 1024 * 1024;
  /** A recorded body longer than this is kept truncated to it. */
  public static final int MAX_RECORDED_BODY_CHARS = 64 * 1024;
  /** Handler threads: slow clients wait for one rather than each getting its own. */
  public static final int HANDLER_THREADS = 64;
  /**
   * Seconds a client has to send a whole request (headers and body) before the connection is closed; idle keep-alive
   * connections are closed after the JDK server's {@code sun.net.httpserver.idleInterval} (30 s by default). Both are
   * JVM-wide JDK settings, applied only when not set already and before the JVM's first JDK HTTP server starts.
   */
  public static final int REQUEST_READ_TIMEOUT_SECONDS = 20;

  private final SandboxConfig config;
  private final SandboxFaults faults;
  private final SsoAdminService service;
  private final Dispatcher dispatcher;
  private final RateLimiter<Object> quota;
  private final SigV4Verifier verifier;
  private final Random faultRandom;
  private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
  private long recordedChars;
  private final int maxRecorded;
  private final long maxRecordedChars;
  private final Map<String, long[]> counters = new ConcurrentHashMap<>();
  private HttpServer http;
  private ExecutorService executor;

  /**
   * @param config settings
   * @param faults live fault controls
   */
  public SandboxServer(SandboxConfig config, SandboxFaults faults) {
    this(config, faults, MAX_RECORDED_REQUESTS, MAX_RECORDED_CHARS);
  }

  /**
   * @param config settings
   * @param faults live fault controls
   * @param maxRecorded requests kept by {@link #requests()}
   * @param maxRecordedChars characters of request bodies kept by {@link #requests()} in all
   */
  SandboxServer(SandboxConfig config, SandboxFaults faults, int maxRecorded, long maxRecordedChars) {
    this.maxRecorded = maxRecorded;
    this.maxRecordedChars = maxRecordedChars;
    this.config = config;
    this.faults = faults;
    this.service = new SsoAdminService(config, faults);
    this.dispatcher = service.dispatcher();
    this.quota = quota(config);
    this.verifier = config.credentials() == null ? null
        : new SigV4Verifier(config.credentials(), config.signingRegion(), config.clock());
    this.faultRandom = new Random(config.randomSeed() ^ 0x5DEECE66DL);
  }

  /**
   * The shared request quota on Failsafe's bursty rate limiter: {@code floor(quota)} permits (at least one) per window
   * of {@code permits / quota} sandbox seconds, i.e. one sandbox second at a quota of one or more, on the wall clock
   * divided by the time scale. The window is Failsafe's, on {@link System#nanoTime()}: the configured clock does not
   * move it.
   */
  private static RateLimiter<Object> quota(SandboxConfig config) {
    int permits = (int) Math.max(1, Math.floor(config.requestsPerSecond()));
    Duration window = config.toReal(Duration.ofNanos((long) (permits / config.requestsPerSecond() * 1e9)));
    return RateLimiter.burstyBuilder(permits, window.isZero() ? Duration.ofNanos(1) : window).build();
  }

  /**
   * Binds 127.0.0.1 and starts serving.
   *
   * @param port port to bind, 0 for a free one
   * @return the endpoint URL
   * @throws UncheckedIOException when the port cannot be bound
   */
  public URI start(int port) {
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_READ_TIMEOUT_SECONDS));
    }
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(HANDLER_THREADS, r -> {
      Thread t = new Thread(r, "sso-admin-sandbox-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  /** Stops serving and the provisioning scheduler. */
  public void stop() {
    if (http != null) {
      http.stop(0);
      executor.shutdownNow();
    }
    service.shutdown();
  }

  /** @return a copy of the recorded requests, in arrival order: the latest ones within the bounds above */
  public List<RecordedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** @return a snapshot of the counters */
  public SandboxMetrics metrics() {
    Map<String, SandboxMetrics.Counts> snapshot = new TreeMap<>();
    counters.forEach((op, c) -> {
      synchronized (c) {
        snapshot.put(op, new SandboxMetrics.Counts(c[0], c[1], c[2], c[3]));
      }
    });
    return new SandboxMetrics(snapshot);
  }

  /** @return the service behind the server */
  public SsoAdminService service() {
    return service;
  }

  /** @return the operation table */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  private enum Fault { NONE, DROP, THROTTLE, SERVER_ERROR, DROP_RESPONSE }

  private Fault drawFault() {
    double drop = faults.dropConnectionRate();
    double throttle = faults.throttleRate();
    double server = faults.serverErrorRate();
    double dropAfter = faults.dropResponseRate();
    if (drop + throttle + server + dropAfter <= 0) {
      return Fault.NONE;
    }
    double r;
    synchronized (faultRandom) {
      r = faultRandom.nextDouble();
    }
    if (r < drop) {
      return Fault.DROP;
    }
    if (r < drop + throttle) {
      return Fault.THROTTLE;
    }
    if (r < drop + throttle + server) {
      return Fault.SERVER_ERROR;
    }
    if (r < drop + throttle + server + dropAfter) {
      return Fault.DROP_RESPONSE;
    }
    return Fault.NONE;
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (Controls.PATH.equals(exchange.getRequestURI().getPath())) {
      control(exchange);
      return;
    }
    Instant received = config.clock().instant();
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String operation = target != null && target.startsWith(Dispatcher.TARGET_PREFIX)
        ? target.substring(Dispatcher.TARGET_PREFIX.length()) : String.valueOf(target);
    byte[] body = readBounded(exchange);
    if (body == null) {
      record(operation, target, "", 413, "RequestEntityTooLarge", received);
      byte[] text = ("HTTP content length exceeded " + MAX_REQUEST_BYTES + " bytes.").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.sendResponseHeaders(413, text.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(text);
      }
      return;
    }
    String bodyText = new String(body, StandardCharsets.UTF_8);
    Fault fault = drawFault();
    if (fault == Fault.DROP) {
      record(operation, target, bodyText, 0, RecordedRequest.DROPPED, received);
      // closing before any response header is sent closes the connection: the client sees an I/O error
      exchange.close();
      return;
    }
    int status;
    String errorType = null;
    byte[] response;
    try {
      sleep(config.toReal(faults.latency()));
      if (verifier != null) {
        verifier.verify(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), body);
      }
      if (!quota.tryAcquirePermit() || fault == Fault.THROTTLE) {
        throw AwsError.throttling();
      }
      if (fault == Fault.SERVER_ERROR) {
        throw AwsError.internal();
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        throw AwsError.unknownOperation(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      }
      if (dispatcher.operationOf(target).isEmpty()) {
        throw AwsError.unknownOperation(target);
      }
      JsonObject json = parse(bodyText);
      JsonObject out = dispatcher.dispatch(operation, json);
      status = 200;
      response = out.toString().getBytes(StandardCharsets.UTF_8);
    } catch (AwsError e) {
      status = e.status();
      errorType = e.type();
      response = errorBody(e.type(), e.getMessage());
    } catch (RuntimeException e) {
      // Not an emulated AWS error: a defect of the sandbox itself. Answer as AWS would, and keep the trace.
      LOG.error("sandbox defect while serving {}: answered 500 InternalServerException", operation, e);
      status = 500;
      errorType = "InternalServerException";
      response = errorBody(errorType, "An internal error occurred: " + e.getClass().getSimpleName());
    }
    if (fault == Fault.DROP_RESPONSE) {
      // processed (its effect is real) but the answer never leaves: the client sees an I/O error
      record(operation, target, bodyText, 0, RecordedRequest.DROPPED, received);
      exchange.close();
      return;
    }
    record(operation, target, bodyText, status, errorType, received);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    if (errorType != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  /**
   * @return the body, or null when it is longer than {@link #MAX_REQUEST_BYTES}; the excess is read and discarded (up
   *     to {@link #MAX_DRAINED_BYTES}) so that the client, still writing, reads the 413 rather than a reset
   */
  private static byte[] readBounded(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
      if (body.length <= MAX_REQUEST_BYTES) {
        return body;
      }
      long drained = 0;
      byte[] sink = new byte[64 * 1024];
      for (int n; drained < MAX_DRAINED_BYTES && (n = in.read(sink)) >= 0; ) {
        drained += n;
      }
      return null;
    }
  }

  /** Answers the control endpoint: 200 {@code {}} when the change is applied, 400 with the problem otherwise. */
  private void control(HttpExchange exchange) throws IOException {
    int status;
    JsonObject answer = new JsonObject();
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(64 * 1024);
      if (!"POST".equals(exchange.getRequestMethod())) {
        throw new IllegalArgumentException("the control endpoint takes POST with a JSON body");
      }
      service.controls().apply(new String(body, StandardCharsets.UTF_8));
      status = 200;
    } catch (IllegalArgumentException | IllegalStateException e) {
      status = 400;
      answer.addProperty("message", e.getMessage());
    }
    byte[] out = answer.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    try (OutputStream o = exchange.getResponseBody()) {
      o.write(out);
    }
  }

  private static JsonObject parse(String text) {
    if (text.isBlank()) {
      return new JsonObject();
    }
    try {
      JsonElement e = JsonParser.parseString(text);
      if (!e.isJsonObject()) {
        throw AwsError.serialization("The request body must be a JSON object.");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw AwsError.serialization("The request body is not valid JSON.");
    }
  }

  private static byte[] errorBody(String type, String message) {
    JsonObject o = new JsonObject();
    o.addProperty("__type", type);
    o.addProperty("message", message);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(String operation, String target, String body, int status, String errorType, Instant at) {
    String kept = body.length() <= MAX_RECORDED_BODY_CHARS ? body
        : body.substring(0, MAX_RECORDED_BODY_CHARS) + "...[truncated: " + body.length() + " characters]";
    synchronized (recorded) {
      recorded.addLast(new RecordedRequest(operation, target, kept, status, errorType, at));
      recordedChars += kept.length();
      while (recorded.size() > maxRecorded || recordedChars > maxRecordedChars) {
        recordedChars -= recorded.removeFirst().body().length();
      }
    }
    long[] c = counters.computeIfAbsent(operation, k -> new long[4]);
    synchronized (c) {
      c[0]++;
      if (RecordedRequest.DROPPED.equals(errorType)) {
        c[3]++;
      } else if ("ThrottlingException".equals(errorType)) {
        c[1]++;
      } else if (errorType != null) {
        c[2]++;
      }
    }
  }

}
