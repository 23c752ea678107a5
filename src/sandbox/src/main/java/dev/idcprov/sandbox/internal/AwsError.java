package dev.idcprov.sandbox.internal;

/** An error answered to the client as {@code {"__type": type, "message": message}} with an HTTP status. */
public final class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The {@code __type} answered, for example {@code ValidationException}. */
  private final String type;
  /** The HTTP status answered. */
  private final int status;

  AwsError(String type, int status, String message) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  /** @return the {@code __type} */
  public String type() {
    return type;
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  static AwsError validation(String message) {
    return new AwsError("ValidationException", 400, message);
  }

  static AwsError notFound(String message) {
    return new AwsError("ResourceNotFoundException", 400, message);
  }

  static AwsError conflict(String message) {
    return new AwsError("ConflictException", 400, message);
  }

  static AwsError quota(String message) {
    return new AwsError("ServiceQuotaExceededException", 400, message);
  }

  static AwsError throttling() {
    return new AwsError("ThrottlingException", 400, "Rate exceeded");
  }

  static AwsError internal() {
    return new AwsError("InternalServerException", 500, "An internal error occurred. Please retry your request.");
  }

  static AwsError serialization(String message) {
    return new AwsError("SerializationException", 400, message);
  }

  static AwsError unknownOperation(String target) {
    return new AwsError("UnknownOperationException", 400,
        target == null ? "Missing X-Amz-Target header" : "Unknown operation " + target);
  }
}
