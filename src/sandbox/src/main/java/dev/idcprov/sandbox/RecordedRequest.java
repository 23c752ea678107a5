package dev.idcprov.sandbox;

import java.time.Instant;

/**
 * One request the sandbox received, as {@link SsoAdminSandbox#requests()} reports it. Never holds the
 * {@code Authorization} header or any other credential.
 *
 * @param operation the operation name from the target header (for example {@code ProvisionPermissionSet}), or the raw
 *     header value when it does not name a {@code SWBExternalService} operation
 * @param target the {@code X-Amz-Target} header as sent, {@code null} when absent
 * @param body the JSON request body as sent
 * @param statusCode the HTTP status answered, {@code 0} when the connection was dropped on purpose
 * @param errorType the {@code __type} of the error answered, {@code "DroppedConnection"} for a dropped connection,
 *     {@code null} on success
 * @param receivedAt when the request arrived (sandbox clock)
 */
public record RecordedRequest(
    String operation, String target, String body, int statusCode, String errorType, Instant receivedAt) {

  /** The {@link #errorType()} of a request whose connection the sandbox dropped. */
  public static final String DROPPED = "DroppedConnection";

  /** @return whether the sandbox answered 2xx */
  public boolean succeeded() {
    return statusCode >= 200 && statusCode < 300;
  }
}
