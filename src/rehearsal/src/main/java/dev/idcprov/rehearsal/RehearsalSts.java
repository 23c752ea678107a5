package dev.idcprov.rehearsal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rehearsal's stand-in for AWS STS on 127.0.0.1: answers {@code AssumeRole} with fixed temporary credentials of
 * the role asked for (the sandbox then accepts only calls signed with them), and {@code GetCallerIdentity} with the
 * identity of the signing key. Just enough for the stack's {@code aws:assumeRole} config to work as it would at AWS.
 * Not an emulator: no policy, trust or expiry is checked.
 */
final class RehearsalSts implements AutoCloseable {
  /** The account every caller belongs to. */
  static final String ACCOUNT = "123456789012";
  /** The role the rehearsal's stack assumes. */
  static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/IdentityCenterAdmin";
  /** The temporary key AssumeRole hands out. */
  static final String ROLE_KEY = "ASIAREHEARSALROLE001";
  /** Its secret. Only for the sandbox: not a real credential. */
  static final String ROLE_SECRET = "rehearsal-role-secret";
  private static final Pattern SIGNING_KEY = Pattern.compile("Credential=([A-Z0-9]+)/");

  private final HttpServer server;
  private final AtomicInteger assumeRoleCalls = new AtomicInteger();
  private volatile String session = "rehearsal";

  RehearsalSts() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-in STS on 127.0.0.1", e);
    }
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Matcher m = SIGNING_KEY.matcher(auth == null ? "" : auth);
      String key = m.find() ? m.group(1) : "";
      String action = param(body, "Action");
      String result;
      if ("AssumeRole".equals(action)) {
        assumeRoleCalls.incrementAndGet();
        String name = param(body, "RoleSessionName");
        session = name == null ? "rehearsal" : name;
        result = "<Credentials><AccessKeyId>" + ROLE_KEY + "</AccessKeyId><SecretAccessKey>" + ROLE_SECRET
            + "</SecretAccessKey><SessionToken>rehearsal-token</SessionToken><Expiration>2099-01-01T00:00:00Z"
            + "</Expiration></Credentials><AssumedRoleUser><Arn>" + assumedRole() + "</Arn><AssumedRoleId>"
            + "AROAREHEARSAL:" + session + "</AssumedRoleId></AssumedRoleUser>";
      } else {
        String arn = key.equals(ROLE_KEY) ? assumedRole() : "arn:aws:iam::" + ACCOUNT + ":user/rehearsal";
        result = "<Arn>" + arn + "</Arn><UserId>AIDAREHEARSAL</UserId><Account>" + ACCOUNT + "</Account>";
        action = "GetCallerIdentity";
      }
      byte[] xml = ("<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action
          + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
          + "00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></" + action + "Response>")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/xml");
      ex.sendResponseHeaders(200, xml.length);
      ex.getResponseBody().write(xml);
      ex.close();
    });
    server.start();
  }

  /** @return the endpoint */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** @return how many roles were assumed */
  int assumeRoleCalls() {
    return assumeRoleCalls.get();
  }

  private String assumedRole() {
    return "arn:aws:sts::" + ACCOUNT + ":assumed-role/IdentityCenterAdmin/" + session;
  }

  private static String param(String body, String name) {
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
