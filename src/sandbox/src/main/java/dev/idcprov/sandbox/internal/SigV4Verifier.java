package dev.idcprov.sandbox.internal;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on a request against configured keys, answering the errors the service gives:
 * MissingAuthenticationTokenException (unsigned), UnrecognizedClientException (unknown key),
 * InvalidSignatureException (wrong signature). Never reports secrets.
 */
final class SigV4Verifier {
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256\\s+Credential=([^/\\s,]+)/([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]+)");

  private final Map<String, String> secrets;

  SigV4Verifier(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  void verify(String method, URI uri, Headers headers, byte[] body) {
    String auth = headers.getFirst("Authorization");
    if (auth == null || auth.isBlank()) {
      throw new AwsError("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }
    Matcher m = AUTH.matcher(auth.trim());
    if (!m.matches()) {
      throw new AwsError("IncompleteSignatureException", 403,
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
    }
    String keyId = m.group(1);
    String scope = m.group(2);
    String signedHeaders = m.group(3);
    String signature = m.group(4);
    String secret = secrets.get(keyId);
    if (secret == null) {
      throw new AwsError("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
    }
    String[] scopeParts = scope.split("/");
    String amzDate = headers.getFirst("X-Amz-Date");
    if (scopeParts.length != 4 || amzDate == null || !amzDate.startsWith(scopeParts[0])) {
      throw new AwsError("IncompleteSignatureException", 403,
          "Credential scope or X-Amz-Date is missing or malformed in the signed request.");
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(method).append('\n');
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    canonical.append(path).append('\n');
    canonical.append(canonicalQuery(uri.getRawQuery())).append('\n');
    for (String h : signedHeaders.split(";")) {
      List<String> values = headers.get(h);
      String v = values == null ? "" : String.join(",", values.stream().map(SigV4Verifier::trimAll).toList());
      canonical.append(h).append(':').append(v).append('\n');
    }
    canonical.append('\n').append(signedHeaders).append('\n');
    String payloadHash = headers.getFirst("X-Amz-Content-Sha256");
    canonical.append(payloadHash != null ? payloadHash : hex(sha256(body)));
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scopeParts[0]);
    k = hmac(k, scopeParts[1]);
    k = hmac(k, scopeParts[2]);
    k = hmac(k, scopeParts[3]);
    String expected = hex(hmac(k, stringToSign));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII))) {
      throw new AwsError("InvalidSignatureException", 403,
          "The request signature we calculated does not match the signature you provided. "
              + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    TreeMap<String, List<String>> params = new TreeMap<>();
    for (String p : rawQuery.split("&")) {
      int eq = p.indexOf('=');
      String k = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    List<String> out = new ArrayList<>();
    params.forEach((k, vs) -> vs.stream().sorted().forEach(v -> out.add(k + "=" + v)));
    return String.join("&", out);
  }

  private static String trimAll(String v) {
    return v.trim().replaceAll(" +", " ");
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }
}
