package dev.idcprov.pulumi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS cannot be reached from here: a stand-in on 127.0.0.1 answers {@code AssumeRole} with fixed temporary
 * credentials of the requested role, and {@code GetCallerIdentity} with the identity of the key that signed it (the
 * role's session for the role key, an IAM user for any other key). It records each call: action, parameters and the
 * access key of the signature.
 */
public final class StandInSts implements AutoCloseable {
  /** The temporary key AssumeRole hands out. */
  public static final String ROLE_KEY = "ASIAROLE000000000001";
  /** Its secret; must never be printed. */
  public static final String ROLE_SECRET = "role-secret-do-not-print";
  /** Its session token; must never be printed. */
  public static final String ROLE_TOKEN = "role-token-do-not-print";
  /** The account of every caller. */
  public static final String ACCOUNT = "111111111111";
  private static final Pattern SIGNING_KEY = Pattern.compile("Credential=([A-Z0-9]+)/");

  /**
   * One call.
   *
   * @param action     the STS action
   * @param parameters its form parameters
   * @param signingKey the access key id that signed it
   */
  public record Call(String action, Map<String, String> parameters, String signingKey) {
  }

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile String lastRoleArn = "arn:aws:iam::" + ACCOUNT + ":role/Unknown";
  private volatile String lastSession = "session";

  private StandInSts() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Matcher m = SIGNING_KEY.matcher(auth == null ? "" : auth);
      String key = m.find() ? m.group(1) : "";
      String action = form.getOrDefault("Action", "");
      calls.add(new Call(action, form, key));
      String result;
      if (action.equals("AssumeRole")) {
        lastRoleArn = form.get("RoleArn");
        lastSession = form.get("RoleSessionName");
        result = "<Credentials><AccessKeyId>" + ROLE_KEY + "</AccessKeyId><SecretAccessKey>" + ROLE_SECRET
            + "</SecretAccessKey><SessionToken>" + ROLE_TOKEN + "</SessionToken><Expiration>2099-01-01T00:00:00Z"
            + "</Expiration></Credentials><AssumedRoleUser><Arn>" + assumedRoleArn() + "</Arn><AssumedRoleId>"
            + "AROASTANDIN:" + lastSession + "</AssumedRoleId></AssumedRoleUser>";
      } else {
        String arn = key.equals(ROLE_KEY) ? assumedRoleArn() : "arn:aws:iam::" + ACCOUNT + ":user/deployer";
        result = "<Arn>" + arn + "</Arn><UserId>AIDASTANDIN</UserId><Account>" + ACCOUNT + "</Account>";
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

  /** @return a started stand-in; close it after the test */
  public static StandInSts start() {
    return new StandInSts();
  }

  /** @return its endpoint */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** @return the {@code aws:endpoints} config value that points STS (only) here */
  public String endpointsConfig() {
    return "[{\"sts\":\"" + endpoint() + "\"}]";
  }

  /** @return the calls so far */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private String assumedRoleArn() {
    String role = lastRoleArn.substring(lastRoleArn.indexOf(":role/") + 6);
    return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + lastSession;
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
