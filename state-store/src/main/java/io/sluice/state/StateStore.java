package io.sluice.state;

/**
 * The state of one stateful operator for one partition, opened at one version by
 * {@link StateStoreProvider#getStore(long)}, changed by one batch, then committed or aborted.
 *
 * <p><b>Versions.</b> Version {@code 0} is the empty store before the first batch. Version
 * {@code v} is the state after {@code v} committed batches: the engine opens version {@code N} for
 * batch {@code N} (0-based) and {@link #commit()} publishes version {@code N + 1}.
 *
 * <p><b>Keys and values</b> are byte arrays; keys are ordered as unsigned bytes, lexicographically
 * (use {@link KeyEncoder} for keys whose byte order is their natural order). The store copies
 * nothing: do not modify an array after passing it in.
 *
 * <p>A store is used by one thread at a time and is not thread-safe. Once committed or aborted it
 * cannot be used again (every method but {@link #metrics()}, {@link #version()} and {@link #id()}
 * then throws {@link IllegalStateException}).
 */
public interface StateStore extends AutoCloseable {

  /** @return which store this is */
  StateStoreId id();

  /** @return the version this store was opened at */
  long version();

  /**
   * Reads a key.
   *
   * @param key the key
   * @return its value including this batch's changes, or null if absent
   * @throws IllegalStateException if the store was committed or aborted
   */
  byte[] get(byte[] key);

  /**
   * Inserts or replaces a key's value.
   *
   * @param key the key, non-null
   * @param value the value, non-null
   * @throws IllegalStateException if the store was committed or aborted
   */
  void put(byte[] key, byte[] value);

  /**
   * Removes a key; removing an absent key is allowed.
   *
   * @param key the key, non-null
   * @throws IllegalStateException if the store was committed or aborted
   */
  void remove(byte[] key);

  /**
   * Iterates over every entry in key order.
   *
   * @return an iterator to close after use
   * @throws IllegalStateException if the store was committed or aborted
   */
  StateIterator iterator();

  /**
   * Puts a value unless the key already has one, reading the key once (a {@link #get} followed by
   * {@link #put} reads it twice). Deduplication's hot path.
   *
   * @param key the key
   * @param value the value
   * @return true if the value was written, false if the key had a value (left unchanged)
   * @throws IllegalStateException if the store was committed or aborted
   */
  default boolean putIfAbsent(byte[] key, byte[] value) {
    if (get(key) != null) {
      return false;
    }
    put(key, value);
    return true;
  }

  /**
   * Removes a key known to exist — typically one a scan of this store just returned — without
   * reading it first. Removing a key that does not exist through this method makes
   * {@link StateStoreMetrics#rows()} wrong; use {@link #remove} when unsure.
   *
   * @param key a key the store holds
   * @throws IllegalStateException if the store was committed or aborted
   */
  default void removeExisting(byte[] key) {
    remove(key);
  }

  /**
   * Iterates, in key order, over the entries whose key starts with {@code prefix}.
   *
   * @param prefix the prefix, non-null; an empty prefix matches every key
   * @return an iterator to close after use
   * @throws IllegalStateException if the store was committed or aborted
   */
  StateIterator prefixScan(byte[] prefix);

  /**
   * Iterates, in key order, over the entries with {@code from <= key < to}. Only those entries are
   * read, so evicting everything below a watermark costs the number of evicted entries, not the
   * size of the store.
   *
   * @param fromInclusive lower bound, or null for the first key
   * @param toExclusive upper bound, or null for past the last key
   * @return an iterator to close after use
   * @throws IllegalStateException if the store was committed or aborted
   */
  StateIterator rangeScan(byte[] fromInclusive, byte[] toExclusive);

  /**
   * Publishes this batch's changes as version {@link #version()}{@code + 1}: the version's
   * changelog is written to the checkpoint atomically before this method returns, so once it
   * returns the version survives a crash. If files of that version or newer versions exist (a
   * batch re-executed after a failure) they are replaced, and the newer ones deleted.
   *
   * @return the new version
   * @throws io.sluice.api.CheckpointException if the changelog cannot be written; the new version
   *     is then not committed and the store is closed
   * @throws IllegalStateException if the store was already committed or aborted
   */
  long commit();

  /**
   * Discards this batch's changes: the provider stays at the version this store was opened at.
   * Idempotent; a no-op after {@link #commit()}.
   */
  void abort();

  /** @return this store's metrics; valid also after commit or abort */
  StateStoreMetrics metrics();

  /** Aborts the store unless it was committed. */
  @Override
  default void close() {
    abort();
  }
}
