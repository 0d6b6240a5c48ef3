package io.sluice.api;

/**
 * A streaming query stopped because a batch failed. {@link #getCause()} is the original failure;
 * the message names the query and the batch.
 */
public class StreamingQueryException extends SluiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which query failed, in which batch
   * @param cause the failure
   */
  public StreamingQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
