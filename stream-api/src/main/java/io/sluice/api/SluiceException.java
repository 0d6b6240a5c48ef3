package io.sluice.api;

/**
 * Root of every exception Sluice throws on purpose. Catch a subtype to act on a specific failure:
 * {@link AnalysisException} for a query that cannot run as written, {@link StreamingQueryException}
 * for a query that failed while running, {@link CheckpointException} for an unusable checkpoint.
 */
public class SluiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what happened and what to do.
   *
   * @param message the message
   */
  public SluiceException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public SluiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
