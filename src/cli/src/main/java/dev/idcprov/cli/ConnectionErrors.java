package dev.idcprov.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Turns failures that no retry can fix into errors the library does not retry: a refused or unreachable endpoint
 * (or proxy), an unknown host, a TLS failure, and missing or expired credentials. Without this, each would be taken
 * as a transient I/O error and retried with backoff for half a minute, then reported as throttling.
 */
final class ConnectionErrors implements ExecutionInterceptor {

  private final Map<String, String> environment;

  ConnectionErrors(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The endpoint (or the proxy on the way to it) cannot be reached; not worth retrying. */
  static final class EndpointUnreachableException extends SdkClientException {
    private static final long serialVersionUID = 1L;
    private final String detail;

    EndpointUnreachableException(String message, String detail) {
      super(SdkClientException.builder().message(message));
      this.detail = detail;
    }

    /** @return the underlying exception's text, for --debug */
    String detail() {
      return detail;
    }
  }

  /** No credentials could be loaded, or they expired; the SDK's text is kept for --debug. */
  static final class CredentialsUnavailableException extends SdkClientException {
    private static final long serialVersionUID = 1L;
    private final String sdkMessage;

    CredentialsUnavailableException(String sdkMessage) {
      super(SdkClientException.builder().message("no usable AWS credentials"));
      this.sdkMessage = sdkMessage;
    }

    /** @return the SDK's message, for --debug */
    String sdkMessage() {
      return sdkMessage;
    }
  }

  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable t = context.exception();
    if (!(t instanceof SdkClientException) || t instanceof EndpointUnreachableException
        || t instanceof CredentialsUnavailableException) {
      // (the SDK requires the same type back: a credential_process's failure, a plain IllegalStateException that
      // carries the process's stderr, stays as it is; ErrorHandler prints it without that stderr)
      return t;
    }
    if (isCredentialsProblem(t)) {
      return new CredentialsUnavailableException(SecretText.redact(messages(t)));
    }
    Throwable cause = connectFailure(t);
    if (cause != null) {
      String target = context.httpRequest().map(ConnectionErrors::endpoint).orElse("the endpoint");
      String scheme = context.httpRequest().map(SdkHttpRequest::protocol).orElse("https");
      return new EndpointUnreachableException(describe(target, scheme, cause), messages(t));
    }
    return t;
  }

  private String describe(String target, String scheme, Throwable cause) {
    String what = cause instanceof UnknownHostException ? "unknown host " + cause.getMessage()
        : cause instanceof SSLException ? "TLS failed: " + cause.getMessage()
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    StringBuilder sb = new StringBuilder("cannot reach ").append(target).append(" (").append(what).append(")");
    List<String> proxies = proxiesInForce(scheme);
    if (!proxies.isEmpty()) {
      sb.append(" through the proxy of ").append(String.join(", ", proxies));
    }
    return sb.toString();
  }

  /**
   * @param scheme the endpoint's scheme: the SDK reads HTTPS_PROXY for https endpoints, HTTP_PROXY for http ones
   * @return the proxy variables in force, as NAME=value with any user:password removed
   */
  List<String> proxiesInForce(String scheme) {
    List<String> list = new ArrayList<>();
    String upper = "https".equalsIgnoreCase(scheme) ? "HTTPS_PROXY" : "HTTP_PROXY";
    for (String name : List.of(upper, upper.toLowerCase(Locale.ROOT))) {
      String v = environment.get(name);
      if (v != null && !v.isBlank()) {
        list.add(name + "=" + v.trim().replaceAll("//[^/@]*@", "//"));
      }
    }
    return list;
  }

  private static String endpoint(SdkHttpRequest r) {
    return r.protocol() + "://" + r.host() + (r.port() > 0 ? ":" + r.port() : "");
  }

  /** @return the connect-level cause (refused, no route, connect timeout, unknown host, TLS), or null */
  private static Throwable connectFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof UnknownHostException
          || c instanceof SSLException) {
        return c;
      }
      if (c instanceof SocketTimeoutException && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT)
          .contains("connect")) {
        return c;
      }
      if (c instanceof UncheckedIOException u && connectFailure(u.getCause()) != null) {
        return connectFailure(u.getCause());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** @return true when the SDK could not load credentials, or the SSO session or token has expired */
  static boolean isCredentialsProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("unable to load credentials") || m.contains("sso session") && m.contains("expired")
          || m.contains("token") && m.contains("expired") || m.contains("unable to load an sso token")
          || m.contains("profile file contained no credentials") || m.contains("access key must be specified")
          || isCredentialProcessFailure(c)
          || c.getClass().getSimpleName().contains("Credentials") && !(c instanceof IOException)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param t a failure
   * @return true when it is the AWS SDK's report of a {@code credential_process} that failed (not JSON, non-zero
   *         exit): a plain {@link IllegalStateException}, not an SDK exception
   */
  static boolean isCredentialProcessFailure(Throwable t) {
    String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("process-based credentials") || m.contains("command returned non-zero exit value");
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (sb.length() > 0) {
        sb.append("\n  caused by: ");
      }
      sb.append(c.getClass().getName()).append(": ").append(c.getMessage());
    }
    return sb.toString();
  }
}
