package io.sluice.state;

import java.time.Duration;
import java.util.Objects;

/**
 * Metrics of one opened {@link StateStore}: the size of the state and what the current batch did.
 *
 * @param rows number of keys in the store, exact, including this batch's uncommitted changes
 * @param memoryBytes estimated memory the store holds: heap for the in-memory provider; memtables
 *     and table readers for RocksDB (the shared block cache is reported by
 *     {@link StateStoreProviders#nativeMemory()})
 * @param updates puts made through this store object
 * @param removals removes made through this store object (of keys that existed or not)
 * @param keysRead keys read through this store object: each {@code get} and each entry an
 *     iterator returned
 * @param commitTime how long {@link StateStore#commit()} took, {@link Duration#ZERO} before it ran
 */
public record StateStoreMetrics(
    long rows, long memoryBytes, long updates, long removals, long keysRead, Duration commitTime) {

  /**
   * Validates the metrics.
   *
   * @throws NullPointerException if {@code commitTime} is null
   */
  public StateStoreMetrics {
    Objects.requireNonNull(commitTime, "commitTime");
  }
}
