package io.sluice.api;

/**
 * A query cannot run as written: an unknown column, a type mismatch, an output mode the query does
 * not support, an unknown format or option. The message names what is wrong and what to change.
 */
public class AnalysisException extends SluiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the query and what to change
   */
  public AnalysisException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong with the query and what to change
   * @param cause the cause
   */
  public AnalysisException(String message, Throwable cause) {
    super(message, cause);
  }
}
