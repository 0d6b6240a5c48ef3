package io.sluice.state.internal;

/**
 * The data of a provider at its loaded version, as bytes. Providers implement it; the versioned
 * store, the changelog and the metrics are layers around it.
 */
interface Backend {
  byte[] get(byte[] key);

  /** @return whether the key existed before */
  boolean put(byte[] key, byte[] value);

  /** @return whether the key existed before */
  boolean delete(byte[] key);

  /**
   * Writes a key the caller knows is absent, without looking it up.
   *
   * @param key the key
   * @param value the value
   */
  default void putAbsent(byte[] key, byte[] value) {
    put(key, value);
  }

  /**
   * Deletes a key the caller knows exists, without looking it up.
   *
   * @param key the key
   */
  default void deleteExisting(byte[] key) {
    delete(key);
  }

  /** Keys in {@code [from, to)}, either bound null for open. */
  Cursor scan(byte[] fromInclusive, byte[] toExclusive);

  long memoryBytes();

  /** Makes the batch's writes part of the loaded state. */
  void commitBatch();

  /**
   * Drops the batch's writes.
   *
   * @return false if the backend cannot undo them and must be reloaded
   */
  boolean rollbackBatch();

  /** A position in a scan; {@link #valid()} false once past the end. */
  interface Cursor extends AutoCloseable {
    boolean valid();

    byte[] key();

    byte[] value();

    void next();

    @Override
    void close();
  }
}
