package dev.idcprov.sandbox.internal;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks AWS Signature Version 4 on a request the way the service does: the structure of the {@code Authorization}
 * header, the access key, the credential scope (date, region, service {@code sso}, terminator), the headers that must
 * be signed, the clock skew (15 minutes either way), then the signature itself, by re-signing the received request
 * with the AWS SDK's own {@link AwsV4HttpSigner} (same headers, same timestamp, the hash of the body as received) and
 * comparing. The payload is always hashed: for this JSON service a {@code X-Amz-Content-Sha256: UNSIGNED-PAYLOAD}
 * header changes nothing, so a swapped body fails. A request replayed within the skew window is accepted, as AWS
 * accepts it (SigV4 bounds replays by the 15-minute window only). Never reports secrets.
 */
final class SigV4Verifier {
  /** The signing name of the SSO Admin service (its credential scope's service). */
  static final String SERVICE = "sso";
  /** How far {@code X-Amz-Date} may be from the sandbox clock, either way. */
  static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^/\\s,]+)/([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]+)");
  private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
  private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
      + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
      + "details.";

  private final Map<String, String> secrets;
  private final String region;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  SigV4Verifier(Map<String, String> secrets, String region, Clock clock) {
    this.secrets = Map.copyOf(secrets);
    this.region = region;
    this.clock = clock;
  }

  void verify(String method, URI uri, Headers headers, byte[] body) {
    String auth = headers.getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      throw new AwsError("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
    Matcher m = AUTH.matcher(auth.trim());
    if (!m.matches()) {
      throw incomplete("Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
    }
    String keyId = m.group(1);
    String[] scope = m.group(2).split("/", -1);
    List<String> signedHeaders = Arrays.asList(m.group(3).split(";"));
    String signature = m.group(4);
    String secret = secrets.get(keyId);
    if (secret == null) {
      throw new AwsError("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
    }
    String amzDate = headers.getFirst("X-Amz-Date");
    if (amzDate == null) {
      throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    Instant signedAt;
    try {
      signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw incomplete("X-Amz-Date must be in ISO-8601 basic format (yyyyMMdd'T'HHmmss'Z'), got '" + amzDate + "'.");
    }
    checkScope(scope, amzDate);
    checkSignedHeaders(signedHeaders, headers);
    String expected = resign(method, uri, headers, body, signedHeaders, keyId, secret, signedAt);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw invalid(403, SIGNATURE_MISMATCH);
    }
    checkSkew(signedAt);
  }

  private void checkScope(String[] scope, String amzDate) {
    if (scope.length != 4) {
      throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
          + "keyid/date/region/service/aws4_request.");
    }
    if (!scope[0].equals(amzDate.substring(0, 8))) {
      throw invalid(403, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
          + scope[0] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
    }
    if (!scope[1].equals(region)) {
      throw invalid(403, "Credential should be scoped to a valid region, not '" + scope[1] + "'. ");
    }
    if (!scope[2].equals(SERVICE)) {
      throw invalid(403, "Credential should be scoped to correct service: '" + SERVICE + "'. ");
    }
    if (!scope[3].equals("aws4_request")) {
      throw invalid(403, "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[3]
          + "'. ");
    }
  }

  /**
   * host and x-amz-date must be signed (AWS's documented rule); so must every other {@code x-amz-*} header the
   * request carries and its Content-Type, so that neither the operation ({@code X-Amz-Target}) nor the protocol can be
   * swapped under a valid signature.
   */
  private static void checkSignedHeaders(List<String> signed, Headers headers) {
    if (!signed.contains("host")) {
      throw invalid(403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    Set<String> mustSign = new TreeSet<>();
    for (String name : headers.keySet()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-amz-") || lower.equals("content-type")) {
        mustSign.add(lower);
      }
    }
    mustSign.removeAll(signed);
    if (!mustSign.isEmpty()) {
      throw invalid(403, "Headers " + mustSign + " are present in the request but not signed: they must be listed in "
          + "the SignedHeaders of the AWS Authorization.");
    }
    for (String h : signed) {
      if (!h.equals("host") && headers.get(h) == null) {
        throw invalid(403, "Signed header '" + h + "' is not present in the request.");
      }
    }
  }

  private void checkSkew(Instant signedAt) {
    Instant now = clock.instant();
    String nowText = format(now);
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      throw invalid(400, "Signature expired: " + format(signedAt) + " is now earlier than "
          + format(now.minus(MAX_SKEW)) + " (" + nowText + " - 15 min.)");
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw invalid(400, "Signature not yet current: " + format(signedAt) + " is still later than "
          + format(now.plus(MAX_SKEW)) + " (" + nowText + " + 15 min.)");
    }
  }

  /** Re-signs the request as received (its signed headers only, its timestamp, its body) with the SDK's signer. */
  private String resign(String method, URI uri, Headers headers, byte[] body, List<String> signedHeaders,
      String keyId, String secret, Instant signedAt) {
    String host = headers.getFirst("Host");
    SdkHttpRequest.Builder request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(method))
        .uri(URI.create("http://" + (host == null ? "localhost" : host)
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
    for (String h : signedHeaders) {
      List<String> values = headers.get(h);
      if (values != null) {
        request.putHeader(h, new ArrayList<>(values));
      }
    }
    SignedRequest signed = signer.sign(r -> r
        .identity(AwsCredentialsIdentity.create(keyId, secret))
        .request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
    String auth = signed.request().firstMatchingHeader("Authorization").orElse("");
    int at = auth.indexOf("Signature=");
    return at < 0 ? "" : auth.substring(at + "Signature=".length());
  }

  private static String format(Instant t) {
    return AMZ_DATE.format(t.atOffset(ZoneOffset.UTC));
  }

  private static AwsError incomplete(String message) {
    return new AwsError("IncompleteSignatureException", 403, message);
  }

  private static AwsError invalid(int status, String message) {
    return new AwsError("InvalidSignatureException", status, message);
  }
}
