package dev.idcprov.sandbox.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.ArrayList;
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

  private final SandboxConfig config;
  private final SandboxFaults faults;
  private final SsoAdminService service;
  private final Dispatcher dispatcher;
  private final TokenBucket bucket;
  private final SigV4Verifier verifier;
  private final Random faultRandom;
  private final List<RecordedRequest> recorded = new ArrayList<>();
  private final Map<String, long[]> counters = new ConcurrentHashMap<>();
  private HttpServer http;
  private ExecutorService executor;

  /**
   * @param config settings
   * @param faults live fault controls
   */
  public SandboxServer(SandboxConfig config, SandboxFaults faults) {
    this.config = config;
    this.faults = faults;
    this.service = new SsoAdminService(config, faults);
    this.dispatcher = service.dispatcher();
    this.bucket = new TokenBucket(config.requestsPerSecond(), config.timeScale(), config.clock());
    this.verifier = config.credentials() == null ? null : new SigV4Verifier(config.credentials());
    this.faultRandom = new Random(config.randomSeed() ^ 0x5DEECE66DL);
  }

  /**
   * Binds 127.0.0.1 and starts serving.
   *
   * @param port port to bind, 0 for a free one
   * @return the endpoint URL
   * @throws UncheckedIOException when the port cannot be bound
   */
  public URI start(int port) {
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
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

  /** @return a copy of every recorded request, in arrival order */
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
    Instant received = config.clock().instant();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String bodyText = new String(body, StandardCharsets.UTF_8);
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String operation = target != null && target.startsWith(Dispatcher.TARGET_PREFIX)
        ? target.substring(Dispatcher.TARGET_PREFIX.length()) : String.valueOf(target);
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
      if (!bucket.tryAcquire() || fault == Fault.THROTTLE) {
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
    synchronized (recorded) {
      recorded.add(new RecordedRequest(operation, target, body, status, errorType, at));
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
