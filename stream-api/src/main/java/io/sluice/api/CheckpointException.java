package io.sluice.api;

/**
 * A checkpoint cannot be used: a file that cannot be parsed, a version that was never committed, a
 * checkpoint already in use by another query, or state written by an incompatible query. The message
 * names the file or directory involved.
 */
public class CheckpointException extends SluiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file or directory
   */
  public CheckpointException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the file or directory
   * @param cause the cause
   */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
