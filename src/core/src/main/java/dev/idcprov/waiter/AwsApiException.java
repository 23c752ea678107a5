package dev.idcprov.waiter;

import java.util.Objects;

/**
 * An SSO Admin API call failed in a way retrying will not fix (access denied, validation, not found,
 * conflict that outlived its retries), or a transient error (throttling, 5xx, I/O) outlived its retry
 * budget. Carries the operation, the AWS error code and message, the attempts made and what to check.
 */
public class AwsApiException extends ProvisioningException {
  private static final long serialVersionUID = 1L;

  /** The kind of failure, which decides the command line's exit code and the hint. */
  public enum Kind {
    /** AccessDeniedException: the caller's IAM policy lacks the action. */
    ACCESS_DENIED,
    /** ValidationException: AWS rejected a parameter. */
    VALIDATION,
    /** ResourceNotFoundException: the instance, permission set or request does not exist. */
    NOT_FOUND,
    /** ConflictException that outlived its bounded retries. */
    CONFLICT,
    /** ThrottlingException, 5xx or I/O errors that outlived the retry budget. */
    TRANSIENT_EXHAUSTED,
    /** Anything else AWS or the SDK reported. */
    OTHER
  }

  /** The kind of failure. */
  private final Kind kind;
  /** The API operation that failed, for example {@code ProvisionPermissionSet}. */
  private final String operation;
  /** The AWS error code, or null. */
  private final String errorCode;
  /** The HTTP status, or 0 when no response arrived. */
  private final int statusCode;
  /** The message AWS returned, or null. */
  private final String awsMessage;
  /** Attempts made, retries included. */
  private final int attempts;
  /** What to check next. */
  private final String hint;

  /**
   * @param kind       the kind of failure
   * @param operation  the API operation, for example {@code ProvisionPermissionSet}
   * @param errorCode  the AWS error code, for example {@code AccessDeniedException}, or null
   * @param statusCode the HTTP status, or 0 when no response arrived
   * @param awsMessage the message AWS returned, or null
   * @param attempts   attempts made, retries included
   * @param hint       what to check next
   * @param cause      the SDK exception
   */
  public AwsApiException(Kind kind, String operation, String errorCode, int statusCode, String awsMessage,
                         int attempts, String hint, Throwable cause) {
    super(operation + " failed" + (errorCode == null ? "" : " with " + errorCode)
        + (statusCode > 0 ? " (HTTP " + statusCode + ")" : "")
        + (awsMessage == null ? "" : ": " + awsMessage)
        + " after " + attempts + " attempt(s). Check: " + hint, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.operation = operation;
    this.errorCode = errorCode;
    this.statusCode = statusCode;
    this.awsMessage = awsMessage;
    this.attempts = attempts;
    this.hint = hint;
  }

  /** @return the kind of failure */
  public Kind kind() {
    return kind;
  }

  /** @return the API operation that failed */
  public String operation() {
    return operation;
  }

  /** @return the AWS error code, or null */
  public String errorCode() {
    return errorCode;
  }

  /** @return the HTTP status, or 0 when no response arrived */
  public int statusCode() {
    return statusCode;
  }

  /** @return the message AWS returned, or null */
  public String awsMessage() {
    return awsMessage;
  }

  /** @return attempts made, retries included */
  public int attempts() {
    return attempts;
  }

  /** @return what to check next */
  public String hint() {
    return hint;
  }
}
