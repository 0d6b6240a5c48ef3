package io.sluice.state;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link StateStore} seen through a {@link StateCodec}: keys and values are lists of field
 * values in schema order. A thin layer: the byte store below does the work, and its metrics
 * count the same reads and writes.
 */
public final class TypedStateStore implements AutoCloseable {
  private final StateStore store;
  private final StateCodec codec;

  /**
   * Wraps a store.
   *
   * @param store the byte store
   * @param codec the codec of its operator
   */
  public TypedStateStore(StateStore store, StateCodec codec) {
    this.store = store;
    this.codec = codec;
  }

  /** One typed entry. @param key the key fields @param value the value fields */
  public record Entry(List<Object> key, List<Object> value) {}

  /** Iterates typed entries; close after use. */
  public interface EntryIterator extends Iterator<Entry>, AutoCloseable {
    @Override
    void close();
  }

  /** @return the byte store below */
  public StateStore raw() {
    return store;
  }

  /** @return the codec */
  public StateCodec codec() {
    return codec;
  }

  /**
   * Reads a key.
   *
   * @param key the key fields
   * @return the value fields, or null if absent
   * @throws IllegalArgumentException if the key does not match the key fields
   */
  public List<Object> get(List<?> key) {
    byte[] v = store.get(codec.keys().encode(key));
    return v == null ? null : codec.decodeValue(v);
  }

  /**
   * Inserts or replaces a value.
   *
   * @param key the key fields
   * @param value the value fields
   * @throws IllegalArgumentException if the key or value does not match the schema
   */
  public void put(List<?> key, List<?> value) {
    store.put(codec.keys().encode(key), codec.encodeValue(value));
  }

  /**
   * Removes a key.
   *
   * @param key the key fields
   */
  public void remove(List<?> key) {
    store.remove(codec.keys().encode(key));
  }

  /**
   * Iterates, in key order, over the keys whose first fields equal {@code keyPrefix}.
   *
   * @param keyPrefix values of the first key fields
   * @return the iterator
   */
  public EntryIterator prefixScan(List<?> keyPrefix) {
    return wrap(store.prefixScan(codec.keys().encodePrefix(keyPrefix)));
  }

  /**
   * Iterates, in key order, over the keys whose first field is below {@code bound} (or null):
   * with an event-time first field, the entries a watermark of {@code bound} expires. Reads only
   * those entries.
   *
   * @param bound exclusive bound on the first key field
   * @return the iterator
   */
  public EntryIterator scanBefore(Object bound) {
    return wrap(store.rangeScan(null, codec.keys().encodePrefix(List.of(bound))));
  }

  /** @return an iterator over every entry in key order */
  public EntryIterator iterator() {
    return wrap(store.iterator());
  }

  /**
   * Commits, see {@link StateStore#commit()}.
   *
   * @return the new version
   */
  public long commit() {
    return store.commit();
  }

  /** Aborts, see {@link StateStore#abort()}. */
  public void abort() {
    store.abort();
  }

  /** @return the byte store's metrics */
  public StateStoreMetrics metrics() {
    return store.metrics();
  }

  /** Aborts unless committed. */
  @Override
  public void close() {
    store.close();
  }

  private EntryIterator wrap(StateIterator it) {
    return new EntryIterator() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Entry next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        StateEntry e = it.next();
        return new Entry(codec.keys().decode(e.key()), codec.decodeValue(e.value()));
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }
}
