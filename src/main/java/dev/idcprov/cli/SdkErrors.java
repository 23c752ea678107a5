package dev.idcprov.cli;

import dev.idcprov.waiter.AwsApiException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps an AWS SDK exception raised by the command line's own calls ({@code status}, client creation) to an
 * {@link AwsApiException}, the same type the library raises, with a hint of what to check.
 */
final class SdkErrors {
  private SdkErrors() {
  }

  static boolean isTransient(SdkException e) {
    if (e instanceof AwsServiceException s) {
      return s.isThrottlingException() || s.statusCode() >= 500
          || "ThrottlingException".equals(code(s));
    }
    return e instanceof SdkClientException && e.getCause() instanceof java.io.IOException;
  }

  static AwsApiException toAwsApiException(String operation, SdkException e, int attempts) {
    if (e instanceof AwsServiceException s) {
      String code = code(s);
      AwsApiException.Kind kind = kindOf(code, s.statusCode(), isTransient(s));
      String message = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      return new AwsApiException(kind, operation, code, s.statusCode(), message, attempts, hint(kind, operation), e);
    }
    boolean io = isTransient(e);
    String msg = e.getMessage();
    String hint = io ? "the network path to the endpoint (--endpoint-url, proxy, VPN); retry later" : clientHint(msg);
    return new AwsApiException(io ? AwsApiException.Kind.TRANSIENT_EXHAUSTED : AwsApiException.Kind.OTHER,
        operation, null, 0, msg, attempts, hint, e);
  }

  /** @return what to check for a client-side SDK error (no region, no credentials, bad configuration) */
  static String clientHint(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("unable to load region")) {
      return "give --region, or set AWS_REGION, or a region in the profile";
    }
    if (m.contains("unable to load credentials") || m.contains("token")) {
      return "credentials: --profile, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or 'aws sso login'";
    }
    return "the client configuration (--region, --profile, --endpoint-url)";
  }

  private static String code(AwsServiceException s) {
    return s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
  }

  private static AwsApiException.Kind kindOf(String code, int status, boolean transientError) {
    if (transientError) {
      return AwsApiException.Kind.TRANSIENT_EXHAUSTED;
    }
    if (code == null) {
      return AwsApiException.Kind.OTHER;
    }
    return switch (code) {
      case "AccessDeniedException" -> AwsApiException.Kind.ACCESS_DENIED;
      case "ValidationException" -> AwsApiException.Kind.VALIDATION;
      case "ResourceNotFoundException" -> AwsApiException.Kind.NOT_FOUND;
      case "ConflictException" -> AwsApiException.Kind.CONFLICT;
      default -> status == 403 ? AwsApiException.Kind.ACCESS_DENIED : AwsApiException.Kind.OTHER;
    };
  }

  static String hint(AwsApiException.Kind kind, String operation) {
    return switch (kind) {
      case ACCESS_DENIED -> "the caller's IAM policy must allow sso:" + operation
          + " on the instance (which identity is used: --profile, AWS_PROFILE)";
      case VALIDATION -> "the ids given (--instance-arn, --request-id) and the region";
      case NOT_FOUND -> "the instance ARN, permission set and RequestIds exist in this account and region (--region)";
      case CONFLICT -> "another provisioning of the same permission set and account is in progress; retry later";
      case TRANSIENT_EXHAUSTED -> "the service is throttling or failing; lower --max-requests-per-second or retry"
          + " later";
      case OTHER -> "the message above";
    };
  }
}
