package dev.idcprov.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * {@code --debug}: each SSO Admin request as sent (signed) and each response as received, on stderr through the logger
 * {@code dev.idcprov.cli.wire}. The signature, session token and any credential-looking JSON member are redacted.
 */
final class WireLog implements ExecutionInterceptor {
  /** The logger the wire log is written to. */
  static final String LOGGER = "dev.idcprov.cli.wire";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-amz-security-token",
      "x-amz-content-sha256");
  private static final int MAX_BODY = 4096;

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    SdkHttpRequest r = context.httpRequest();
    String body = context.requestBody().map(b -> {
      try (InputStream in = b.contentStreamProvider().newStream()) {
        return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(body not readable: " + e.getMessage() + ")";
      }
    }).orElse("");
    LOG.debug(">> {} {}\n{}\n>> {}", r.method(), r.getUri(), headers(r.headers()), redactBody(body));
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    LOG.debug("<< HTTP {}\n{}", context.httpResponse().statusCode(), headers(context.httpResponse().headers()));
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                         ExecutionAttributes attributes) {
    Optional<InputStream> body = context.responseBody();
    if (body.isEmpty()) {
      return body;
    }
    try (InputStream in = body.get()) {
      byte[] bytes = in.readAllBytes();
      String text = new String(bytes, 0, Math.min(bytes.length, MAX_BODY), StandardCharsets.UTF_8);
      LOG.debug("<< {}", redactBody(text));
      return Optional.of(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String headers(Map<String, List<String>> headers) {
    StringBuilder sb = new StringBuilder();
    headers.forEach((name, values) -> {
      String shown = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? redactHeader(name, values)
          : String.join(", ", values);
      sb.append("   ").append(name).append(": ").append(shown).append('\n');
    });
    return sb.toString().stripTrailing();
  }

  /** Keeps the key id and scope of a SigV4 Authorization header (who signed), drops the signature. */
  private static String redactHeader(String name, List<String> values) {
    if (name.equalsIgnoreCase("authorization")) {
      String v = String.join(", ", values);
      return v.replaceAll("Signature=[0-9a-fA-F]+", "Signature=(redacted)");
    }
    return "(redacted)";
  }

  static String redactBody(String body) {
    return body.replaceAll("(?i)(\"[^\"]*(secret|sessiontoken|accesstoken|password|credential)[^\"]*\"\\s*:\\s*)\"[^\"]*\"",
        "$1\"(redacted)\"");
  }
}
