package dev.idcprov.waiter;

/**
 * Base of the library's unchecked exceptions. Every subclass carries fields a program can act on, and a
 * message a person can act on: what failed, which requests, and what to check next.
 */
public abstract class ProvisioningException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed and what to do next
   * @param cause   the underlying cause, or null
   */
  protected ProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
