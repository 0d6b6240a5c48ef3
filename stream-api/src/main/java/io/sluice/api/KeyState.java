package io.sluice.api;

/**
 * The state of one key in a {@link StatefulProcessor}: one row, of the processor's
 * {@link StatefulProcessor#stateSchema()}, kept in the state store across batches.
 */
public interface KeyState {
  /** @return true if the key has state */
  boolean exists();

  /** @return the state, or null if none */
  Row get();

  /**
   * Replaces the state.
   *
   * @param value a row of the state schema
   */
  void update(Row value);

  /** Removes the state (and the key's timers stay as they are). */
  void remove();
}
