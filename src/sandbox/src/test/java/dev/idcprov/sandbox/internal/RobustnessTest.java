package dev.idcprov.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idcprov.sandbox.RecordedRequest;
import dev.idcprov.sandbox.SandboxSeed;
import dev.idcprov.sandbox.SsoAdminSandbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request log's bounds, the request-size limit, and slow clients. */
class RobustnessTest {
  private SandboxServer server;
  private URI endpoint;

  private void start(int maxRecorded, long maxChars) {
    SandboxConfig config = new SandboxConfig(0, SandboxSeed.defaults(), 1000.0, 1L, 1_000_000.0,
        Duration.ofSeconds(2), Duration.ofSeconds(30), null, "us-east-1", Clock.systemUTC());
    server = new SandboxServer(config, SsoAdminSandbox.builder().build().faults(), maxRecorded, maxChars);
    endpoint = server.start(0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private HttpResponse<String> post(String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/"))
        .header("X-Amz-Target", "SWBExternalService.ListInstances")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestLog_keepsTheLatestRequests_withinCountAndSize_andTruncatesLongBodies() throws Exception {
    start(3, 100);
    for (int i = 0; i < 5; i++) {
      post("{\"n\":" + i + "}");
    }
    assertThat(server.requests()).extracting(RecordedRequest::body).containsExactly("{\"n\":2}", "{\"n\":3}",
        "{\"n\":4}");

    post("{\"pad\":\"" + "x".repeat(90) + "\"}");
    assertThat(server.requests()).hasSize(1);

    post("{\"pad\":\"" + "x".repeat(SandboxServer.MAX_RECORDED_BODY_CHARS) + "\"}");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void longBodies_areKeptTruncated() throws Exception {
    start(10, 1_000_000);
    post("{\"pad\":\"" + "x".repeat(SandboxServer.MAX_RECORDED_BODY_CHARS) + "\"}");
    String kept = server.requests().get(0).body();
    assertThat(kept).hasSizeLessThan(SandboxServer.MAX_RECORDED_BODY_CHARS + 100)
        .endsWith("...[truncated: " + (SandboxServer.MAX_RECORDED_BODY_CHARS + 10) + " characters]");
  }

  @Test
  void aRequestOverTheSizeLimit_isAnswered413_asAwsAnswersIt() throws Exception {
    start(10, 1_000_000);
    HttpResponse<String> tooBig = post("x".repeat(SandboxServer.MAX_REQUEST_BYTES + 1));
    HttpResponse<String> atLimit = post("x".repeat(SandboxServer.MAX_REQUEST_BYTES));

    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).isEqualTo("HTTP content length exceeded 1662976 bytes.");
    assertThat(atLimit.statusCode()).isEqualTo(400);
    assertThat(server.requests()).extracting(RecordedRequest::statusCode).containsExactly(413, 400);
  }

  @Test
  void slowClients_areClosed_andDoNotGetAThreadEach() throws Exception {
    start(10, 1_000_000);
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 80; i++) {
        Socket s = new Socket(endpoint.getHost(), endpoint.getPort());
        OutputStream out = s.getOutputStream();
        out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        slow.add(s);
      }
      long handlerThreads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("sso-admin-sandbox-http-")).count();
      assertThat(handlerThreads).isLessThanOrEqualTo(SandboxServer.HANDLER_THREADS);

      // the surefire configuration sets the JDK server's request-read timeout to 2 s: each slow client is closed
      Socket first = slow.get(0);
      first.setSoTimeout(10_000);
      InputStream in = first.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
      // and a well-behaved client is still served
      assertThat(post("{}").statusCode()).isEqualTo(200);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }
}
