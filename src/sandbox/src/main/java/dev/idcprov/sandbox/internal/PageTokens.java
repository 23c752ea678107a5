package dev.idcprov.sandbox.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-proof NextTokens: a MAC over (query fingerprint, cursor). A token is accepted only for the exact query
 * (operation and every request member but NextToken and MaxResults) it was issued for. The cursor is the sort key of
 * the last item returned, so items that change between pages never shift the next page.
 */
final class PageTokens {
  private static final int MAC_BYTES = 16;
  private final byte[] key = new byte[32];

  PageTokens() {
    new SecureRandom().nextBytes(key);
  }

  /** One page of items and the token for the next, null when it is the last page. */
  record Page<T>(List<T> items, String nextToken) {}

  /**
   * @param req the list request
   * @param sorted every visible item, sorted by {@code key}
   * @param sortKey a unique, ascending, fixed key per item
   */
  <T> Page<T> page(Req req, List<T> sorted, Function<T, String> sortKey) {
    int max = req.maxResults();
    String token = req.nextToken();
    String fingerprint = fingerprint(req);
    String after = token == null || token.isEmpty() ? null : cursorOf(token, fingerprint);
    List<T> out = new ArrayList<>();
    String last = null;
    boolean more = false;
    for (T item : sorted) {
      String k = sortKey.apply(item);
      if (after != null && k.compareTo(after) <= 0) {
        continue;
      }
      if (out.size() == max) {
        more = true;
        break;
      }
      out.add(item);
      last = k;
    }
    return new Page<>(out, more ? issue(fingerprint, last) : null);
  }

  private String issue(String fingerprint, String cursor) {
    byte[] payload = (fingerprint + "\n" + cursor).getBytes(StandardCharsets.UTF_8);
    byte[] mac = mac(payload);
    byte[] all = new byte[MAC_BYTES + payload.length];
    System.arraycopy(mac, 0, all, 0, MAC_BYTES);
    System.arraycopy(payload, 0, all, MAC_BYTES, payload.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  private String cursorOf(String token, String fingerprint) {
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalidToken();
    }
    if (all.length <= MAC_BYTES) {
      throw invalidToken();
    }
    byte[] payload = new byte[all.length - MAC_BYTES];
    System.arraycopy(all, MAC_BYTES, payload, 0, payload.length);
    byte[] expected = mac(payload);
    byte[] given = new byte[MAC_BYTES];
    System.arraycopy(all, 0, given, 0, MAC_BYTES);
    if (!MessageDigest.isEqual(given, java.util.Arrays.copyOf(expected, MAC_BYTES))) {
      throw invalidToken();
    }
    String text = new String(payload, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    if (nl < 0 || !text.substring(0, nl).equals(fingerprint)) {
      throw AwsError.validation("The NextToken was issued for a different request; "
          + "repeat the request with the same parameters or start without a NextToken.");
    }
    return text.substring(nl + 1);
  }

  private static AwsError invalidToken() {
    return AwsError.validation("The NextToken is invalid or has been tampered with.");
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String fingerprint(Req req) {
    JsonObject copy = req.body().deepCopy();
    copy.remove("NextToken");
    copy.remove("MaxResults");
    String canonical = req.operation() + ":" + canonical(copy);
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 12));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static String canonical(JsonElement e) {
    if (e.isJsonObject()) {
      TreeMap<String, String> sorted = new TreeMap<>();
      for (var m : e.getAsJsonObject().entrySet()) {
        sorted.put(m.getKey(), canonical(m.getValue()));
      }
      return sorted.toString();
    }
    return e.toString();
  }
}
