package io.sluice.api;

import io.sluice.api.types.StructType;
import java.util.Collections;
import java.util.Iterator;

/**
 * Arbitrary stateful processing per key, for {@link DataFrame#transformWithState}: called with each
 * key's new rows in a batch, and when one of the key's timers expires. State and timers are kept in
 * the state store, checkpointed with the query, so a restart continues where it stopped.
 *
 * <p>Implementations must be deterministic for a given input, state and clock (a re-run batch
 * must give the same output) and must not keep per-key data in fields.
 */
public interface StatefulProcessor {
  /** @return the schema of the one-row state each key may hold */
  StructType stateSchema();

  /**
   * Handles a key's rows of this batch.
   *
   * @param key the key (values of the key columns)
   * @param rows the key's new rows
   * @param state the key's state
   * @param timers the key's timers
   * @return output rows, of the output schema given to {@code transformWithState}
   */
  Iterator<Row> handleInputRows(Row key, Iterator<Row> rows, KeyState state, Timers timers);

  /**
   * Handles an expired timer of a key (the timer is already deleted).
   *
   * @param key the key
   * @param expiredTimerMs the timer that expired
   * @param state the key's state
   * @param timers the key's timers
   * @return output rows
   */
  default Iterator<Row> handleExpiredTimer(Row key, long expiredTimerMs, KeyState state, Timers timers) {
    return Collections.emptyIterator();
  }
}
