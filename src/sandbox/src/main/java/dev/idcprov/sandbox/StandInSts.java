package dev.idcprov.sandbox;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for AWS STS on 127.0.0.1, for tests and rehearsals that cannot reach STS: just enough for an AWS SDK's
 * {@code GetCallerIdentity} and {@code AssumeRole} (and so its assume-role credentials providers, and a Pulumi stack's
 * {@code aws:assumeRole} config) to work as they do at AWS. It speaks the STS Query protocol ({@code POST /}, form
 * parameters {@code Action=...}, XML answers) and:
 *
 * <ul>
 *   <li>answers {@code AssumeRole} with fixed temporary credentials ({@link #roleCredentials()}) for the role asked
 *       for, under the session name asked for;</li>
 *   <li>answers {@code GetCallerIdentity} for the key that signed it: the last assumed role's session for the role
 *       key, an IAM user ({@code arn:aws:iam::<account>:user/<userName>}) for any other key;</li>
 *   <li>answers any other action {@code InvalidAction} (HTTP 400), and an unsigned request
 *       {@code MissingAuthenticationToken} (HTTP 403);</li>
 *   <li>records every call: action, form parameters and the access key id of its signature ({@link #calls()}).</li>
 * </ul>
 *
 * <p>Not an emulator: no signature, policy, trust relationship or expiry is checked, and every caller is in one
 * account. It never logs; no secret appears in {@link #toString()}, {@link Call} or {@link RoleCredentials#toString()}.
 * To have the {@link SsoAdminSandbox} accept only calls made with the assumed role, pass
 * {@link #roleSigningKeys()} to {@link SsoAdminSandbox.Builder#verifySignatures(Map)}.
 *
 * <pre>{@code
 * try (StandInSts sts = StandInSts.start()) {
 *   StsClient client = StsClient.builder().endpointOverride(sts.endpoint()).region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBASE", "secret")))
 *       .build();
 *   client.getCallerIdentity().arn();   // arn:aws:iam::111111111111:user/deployer
 * }
 * }</pre>
 */
public final class StandInSts implements AutoCloseable {
  /** The default account of every caller. */
  public static final String DEFAULT_ACCOUNT = "111111111111";
  /** The default name of the IAM user any key but the role's stands for. */
  public static final String DEFAULT_USER_NAME = "deployer";
  /** The default temporary access key id {@code AssumeRole} hands out. */
  public static final String DEFAULT_ROLE_KEY = "ASIAROLE000000000001";
  /** The default secret of that key: for the sandbox only, never a real credential, never to be printed. */
  public static final String DEFAULT_ROLE_SECRET = "role-secret-do-not-print";
  /** The default session token of that key: never to be printed. */
  public static final String DEFAULT_ROLE_TOKEN = "role-token-do-not-print";

  private static final Pattern SIGNING_KEY = Pattern.compile("Credential=([A-Za-z0-9]+)/");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");

  /**
   * One call the stand-in answered.
   *
   * @param action     the STS action ({@code Action} parameter; empty when there was none)
   * @param parameters its form parameters, in the order sent (including {@code Action} and {@code Version})
   * @param signingKey the access key id in its signature; empty when unsigned
   */
  public record Call(String action, Map<String, String> parameters, String signingKey) {
    /**
     * @param action     the STS action
     * @param parameters its form parameters
     * @param signingKey the access key id in its signature
     */
    public Call {
      Objects.requireNonNull(action, "action");
      parameters = Map.copyOf(parameters);
      Objects.requireNonNull(signingKey, "signingKey");
    }
  }

  /**
   * The temporary credentials {@code AssumeRole} hands out.
   *
   * @param accessKeyId     the access key id
   * @param secretAccessKey its secret
   * @param sessionToken    its session token
   */
  public record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    /**
     * @param accessKeyId     the access key id: 16 to 128 upper-case letters and digits
     * @param secretAccessKey its secret, not blank
     * @param sessionToken    its session token, not blank
     */
    public RoleCredentials {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      Objects.requireNonNull(sessionToken, "sessionToken");
      if (!KEY_ID.matcher(accessKeyId).matches()) {
        throw new IllegalArgumentException("roleCredentials accessKeyId must be 16 to 128 upper-case letters and "
            + "digits, got '" + accessKeyId + "'");
      }
      if (secretAccessKey.isBlank() || sessionToken.isBlank()) {
        throw new IllegalArgumentException("roleCredentials need a secret and a session token that are not blank");
      }
    }

    /** @return the access key id only: the secret and the token are never printed */
    @Override
    public String toString() {
      return "RoleCredentials[accessKeyId=" + accessKeyId + "]";
    }
  }

  private final String account;
  private final String userName;
  private final RoleCredentials role;
  private final Consumer<Call> onCall;
  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private volatile String assumedRoleArn;

  private StandInSts(Builder b) {
    this.account = b.account;
    this.userName = b.userName;
    this.role = b.role;
    this.onCall = b.onCall;
    this.assumedRoleArn = "arn:aws:sts::" + account + ":assumed-role/Unknown/session";
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", b.port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-in STS on 127.0.0.1:" + b.port, e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** @return a stand-in with the defaults ({@link #DEFAULT_ACCOUNT}, ...), started; close it when done */
  public static StandInSts start() {
    return builder().start();
  }

  /** @return a builder of a stand-in with other account, user or role credentials */
  public static Builder builder() {
    return new Builder();
  }

  /** @return its endpoint, {@code http://127.0.0.1:<port>}: an STS client's endpoint override */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** @return the Pulumi AWS {@code aws:endpoints} config value that points STS, and only STS, here */
  public String endpointsConfig() {
    return "[{\"sts\":\"" + endpoint() + "\"}]";
  }

  /** @return the account every caller is in */
  public String account() {
    return account;
  }

  /** @return the temporary credentials {@code AssumeRole} hands out */
  public RoleCredentials roleCredentials() {
    return role;
  }

  /** @return the role's access key id to its secret, as {@link SsoAdminSandbox.Builder#verifySignatures(Map)} takes */
  public Map<String, String> roleSigningKeys() {
    return Map.of(role.accessKeyId(), role.secretAccessKey());
  }

  /** @return the calls answered so far, oldest first */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * @param action an STS action, such as {@code AssumeRole}
   * @return the calls of that action answered so far, oldest first
   */
  public List<Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  @Override
  public String toString() {
    return "StandInSts[" + endpoint() + ", account " + account + ", " + calls.size() + " call(s)]";
  }

  /** Stops the server; idempotent. */
  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Matcher m = SIGNING_KEY.matcher(auth == null ? "" : auth);
      String key = m.find() ? m.group(1) : "";
      String action = form.getOrDefault("Action", "");
      Call call = new Call(action, form, key);
      calls.add(call);
      onCall.accept(call);
      String requestId = String.format("00000000-0000-4000-8000-%012d", requests.incrementAndGet());
      if (key.isEmpty()) {
        reply(ex, 403, error("MissingAuthenticationToken", "Request is missing Authentication Token", requestId));
      } else if (action.equals("AssumeRole")) {
        reply(ex, 200, success(action, assumeRole(form), requestId));
      } else if (action.equals("GetCallerIdentity")) {
        String arn = key.equals(role.accessKeyId()) ? assumedRoleArn
            : "arn:aws:iam::" + account + ":user/" + userName;
        reply(ex, 200, success(action, "<Arn>" + xml(arn) + "</Arn><UserId>AIDASTANDIN" + account + "</UserId>"
            + "<Account>" + account + "</Account>", requestId));
      } else {
        reply(ex, 400, error("InvalidAction", "Could not find operation " + action + " for version 2011-06-15",
            requestId));
      }
    }
  }

  private String assumeRole(Map<String, String> form) {
    String roleArn = form.getOrDefault("RoleArn", "");
    String session = form.getOrDefault("RoleSessionName", "session");
    String roleName = roleArn.contains(":role/") ? roleArn.substring(roleArn.lastIndexOf('/') + 1) : "Unknown";
    assumedRoleArn = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session;
    return "<Credentials><AccessKeyId>" + role.accessKeyId() + "</AccessKeyId><SecretAccessKey>"
        + xml(role.secretAccessKey()) + "</SecretAccessKey><SessionToken>" + xml(role.sessionToken())
        + "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>"
        + xml(assumedRoleArn) + "</Arn><AssumedRoleId>AROASTANDIN:" + xml(session) + "</AssumedRoleId>"
        + "</AssumedRoleUser>";
  }

  private static String success(String action, String result, String requestId) {
    return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>"
        + result + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId
        + "</RequestId></ResponseMetadata></" + action + "Response>";
  }

  private static String error(String code, String message, String requestId) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>"
        + code + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + requestId
        + "</RequestId></ErrorResponse>";
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/xml");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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

  /** Builds a {@link StandInSts}; every setting has a default. */
  public static final class Builder {
    private String account = DEFAULT_ACCOUNT;
    private String userName = DEFAULT_USER_NAME;
    private RoleCredentials role = new RoleCredentials(DEFAULT_ROLE_KEY, DEFAULT_ROLE_SECRET, DEFAULT_ROLE_TOKEN);
    private int port;
    private Consumer<Call> onCall = call -> { };

    private Builder() {
    }

    /**
     * @param account the account every caller is in: 12 digits; default {@link #DEFAULT_ACCOUNT}
     * @return this
     * @throws IllegalArgumentException when not 12 digits
     */
    public Builder account(String account) {
      Objects.requireNonNull(account, "account");
      if (!ACCOUNT.matcher(account).matches()) {
        throw new IllegalArgumentException("account must be 12 digits, got '" + account + "'");
      }
      this.account = account;
      return this;
    }

    /**
     * @param userName the IAM user name any key but the role's stands for (1 to 64 of letters, digits and
     *     {@code +=,.@_-}); default {@link #DEFAULT_USER_NAME}
     * @return this
     * @throws IllegalArgumentException when not such a name
     */
    public Builder userName(String userName) {
      Objects.requireNonNull(userName, "userName");
      if (!USER_NAME.matcher(userName).matches()) {
        throw new IllegalArgumentException("userName must be 1 to 64 of letters, digits and +=,.@_-, got '"
            + userName + "'");
      }
      this.userName = userName;
      return this;
    }

    /**
     * @param credentials the temporary credentials {@code AssumeRole} hands out; default {@link #DEFAULT_ROLE_KEY}
     *     with {@link #DEFAULT_ROLE_SECRET} and {@link #DEFAULT_ROLE_TOKEN}
     * @return this
     */
    public Builder roleCredentials(RoleCredentials credentials) {
      this.role = Objects.requireNonNull(credentials, "roleCredentials");
      return this;
    }

    /**
     * @param port the TCP port on 127.0.0.1, 0 to 65535; default 0 (a free port)
     * @return this
     * @throws IllegalArgumentException when out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * @param listener told of each call as it arrives, on the server's thread, before it is answered (after it is
     *     recorded): for a test to observe what else had happened by then; default none. What it throws is not
     *     caught: the caller sees the connection fail.
     * @return this
     */
    public Builder onCall(Consumer<Call> listener) {
      this.onCall = Objects.requireNonNull(listener, "onCall");
      return this;
    }

    /**
     * @return the stand-in, started on 127.0.0.1; close it when done
     * @throws UncheckedIOException when the port cannot be bound
     */
    public StandInSts start() {
      return new StandInSts(this);
    }
  }
}
