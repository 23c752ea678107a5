package dev.idcprov.waiter.internal;

import dev.idcprov.waiter.AwsApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ssoadmin.model.AccessDeniedException;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.InternalServerException;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.ThrottlingException;
import software.amazon.awssdk.services.ssoadmin.model.ValidationException;

/** Classifies SDK exceptions (transient or not) and maps them to {@link AwsApiException} with a hint. */
public final class AwsErrors {
  private AwsErrors() {
  }

  /**
   * @param t a failure of one SDK call
   * @return true for throttling (ThrottlingException, or HTTP 429): the service asks its callers to slow down
   */
  public static boolean isThrottling(Throwable t) {
    t = unwrap(t);
    if (t instanceof ThrottlingException) {
      return true;
    }
    return t instanceof SdkServiceException s && (s.isThrottlingException() || s.statusCode() == 429);
  }

  /**
   * @param t a failure of one SDK call
   * @return true for throttling, 5xx and I/O errors, which are worth retrying
   */
  public static boolean isTransient(Throwable t) {
    t = unwrap(t);
    if (t instanceof ThrottlingException || t instanceof InternalServerException) {
      return true;
    }
    if (t instanceof SdkServiceException s) {
      return s.isThrottlingException() || s.statusCode() >= 500 || s.statusCode() == 429;
    }
    if (t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException) {
      return true;
    }
    if (t instanceof SdkClientException) {
      for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IOException || c instanceof UncheckedIOException) {
          return true;
        }
      }
      return false;
    }
    return t instanceof UncheckedIOException;
  }

  /**
   * @param t a failure
   * @return true for a ConflictException
   */
  public static boolean isConflict(Throwable t) {
    return unwrap(t) instanceof ConflictException;
  }

  /**
   * @param t a failure, possibly wrapped in a CompletionException or ExecutionException
   * @return the underlying failure
   */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Maps a failure of an SSO Admin call that will not be retried (any more) to an {@link AwsApiException}.
   *
   * @param operation the API operation
   * @param t         the failure
   * @param attempts  attempts made
   * @param region    the client's region, or null when unknown
   * @param subject   what the call was about (for example "permission set X, account Y"), or null
   * @return the exception to throw
   */
  public static AwsApiException map(String operation, Throwable t, int attempts, String region, String subject) {
    t = unwrap(t);
    if (t instanceof AwsApiException a) {
      return a;
    }
    AwsApiException.Kind kind = kindOf(t);
    String code = null;
    int status = 0;
    String message = t.getMessage();
    if (t instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      code = a.awsErrorDetails().errorCode();
      message = a.awsErrorDetails().errorMessage();
    }
    if (t instanceof SdkServiceException s) {
      status = s.statusCode();
      if (code == null && message == null) {
        message = s.getMessage();
      }
    }
    if (code == null && t instanceof SdkServiceException) {
      code = t.getClass().getSimpleName();
    }
    return new AwsApiException(kind, operation, code, status, message, attempts,
        hint(kind, operation, region, subject), t);
  }

  static AwsApiException.Kind kindOf(Throwable t) {
    if (isTransient(t)) {
      return AwsApiException.Kind.TRANSIENT_EXHAUSTED;
    }
    if (t instanceof AccessDeniedException) {
      return AwsApiException.Kind.ACCESS_DENIED;
    }
    if (t instanceof ValidationException) {
      return AwsApiException.Kind.VALIDATION;
    }
    if (t instanceof ResourceNotFoundException) {
      return AwsApiException.Kind.NOT_FOUND;
    }
    if (t instanceof ConflictException) {
      return AwsApiException.Kind.CONFLICT;
    }
    if (t instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      String code = String.valueOf(a.awsErrorDetails().errorCode());
      if (code.startsWith("AccessDenied") || code.equals("UnrecognizedClientException")
          || code.equals("InvalidSignatureException") || code.equals("ExpiredTokenException")) {
        return AwsApiException.Kind.ACCESS_DENIED;
      }
      if (code.startsWith("Validation")) {
        return AwsApiException.Kind.VALIDATION;
      }
      if (code.equals("ResourceNotFoundException")) {
        return AwsApiException.Kind.NOT_FOUND;
      }
    }
    return AwsApiException.Kind.OTHER;
  }

  private static String hint(AwsApiException.Kind kind, String operation, String region, String subject) {
    String where = region == null ? "the region the client uses" : "region " + region;
    String about = subject == null ? "" : " (" + subject + ")";
    return switch (kind) {
      case ACCESS_DENIED -> "the caller's IAM policy must allow sso:" + operation
          + " on the instance, the credentials must be valid (profile, expired SSO session), and " + where
          + " must be the IAM Identity Center instance's home region";
      case VALIDATION -> "the parameters AWS rejected" + about + ": instance ARN, permission set ARN, account id "
          + "or RequestId, as the message says";
      case NOT_FOUND -> "that the instance, permission set or RequestId" + about + " exists and that " + where
          + " is the IAM Identity Center instance's home region";
      case CONFLICT -> "another change to the same permission set or account is still running" + about
          + " (only one permission set is provisioned to an account at a time); wait for it, then run again";
      case TRANSIENT_EXHAUSTED -> "throttling, 5xx or network errors persisted through every retry (waits and "
          + "submissions retry until their deadline): other clients may be using the 20 requests/s SSO Admin quota "
          + "of the account; retry later, or raise the timeout";
      case OTHER -> "the message above; " + where + ", credentials and network";
    };
  }
}
