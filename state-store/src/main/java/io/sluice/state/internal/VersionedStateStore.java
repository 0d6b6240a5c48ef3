package io.sluice.state.internal;

import io.sluice.state.StateEntry;
import io.sluice.state.StateIterator;
import io.sluice.state.StateStore;
import io.sluice.state.StateStoreId;
import io.sluice.state.StateStoreMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The {@link StateStore} every provider hands out: forwards data operations to the provider's
 * {@link Backend}, records them in the changelog, counts them, and asks the provider to commit.
 */
final class VersionedStateStore implements StateStore {
  private enum Status { OPEN, COMMITTED, ABORTED }

  private final AbstractStateStoreProvider provider;
  private final Backend backend;
  private final long version;
  private final ChangelogWriter changelog;
  private final List<Iter> openIterators = new ArrayList<>();
  private Status status = Status.OPEN;
  private long rows;
  private long updates;
  private long removals;
  private long keysRead;
  private long memoryBytes = -1;
  private Duration commitTime = Duration.ZERO;

  VersionedStateStore(AbstractStateStoreProvider provider, Backend backend, long version, long rows) {
    this.provider = provider;
    this.backend = backend;
    this.version = version;
    this.rows = rows;
    this.changelog = new ChangelogWriter(provider.files().changelog(version + 1), version + 1);
  }

  @Override
  public StateStoreId id() {
    return provider.id();
  }

  @Override
  public long version() {
    return version;
  }

  ChangelogWriter changelog() {
    return changelog;
  }

  long rows() {
    return rows;
  }

  boolean hasWritten() {
    return updates > 0 || removals > 0;
  }

  @Override
  public byte[] get(byte[] key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    keysRead++;
    return backend.get(key);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (!backend.put(key, value)) {
      rows++;
    }
    updates++;
    changelog.put(key, value);
  }

  @Override
  public boolean putIfAbsent(byte[] key, byte[] value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    keysRead++;
    if (backend.get(key) != null) {
      return false;
    }
    backend.putAbsent(key, value);
    rows++;
    updates++;
    changelog.put(key, value);
    return true;
  }

  @Override
  public void removeExisting(byte[] key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    removals++;
    backend.deleteExisting(key);
    rows--;
    changelog.delete(key);
  }

  @Override
  public void remove(byte[] key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    removals++;
    if (backend.delete(key)) {
      rows--;
      changelog.delete(key);
    }
  }

  @Override
  public StateIterator iterator() {
    return rangeScan(null, null);
  }

  @Override
  public StateIterator prefixScan(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return rangeScan(prefix.length == 0 ? null : prefix, Bytes.prefixEnd(prefix));
  }

  @Override
  public StateIterator rangeScan(byte[] fromInclusive, byte[] toExclusive) {
    checkOpen();
    Iter it = new Iter(backend.scan(fromInclusive, toExclusive));
    openIterators.add(it);
    return it;
  }

  @Override
  public long commit() {
    checkOpen();
    long start = System.nanoTime();
    closeIterators();
    memoryBytes = backend.memoryBytes();
    try {
      provider.commit(this);
      status = Status.COMMITTED;
    } catch (RuntimeException e) {
      status = Status.ABORTED;
      throw e;
    } finally {
      commitTime = Duration.ofNanos(System.nanoTime() - start);
    }
    return version + 1;
  }

  @Override
  public void abort() {
    if (status != Status.OPEN) {
      return;
    }
    closeIterators();
    memoryBytes = backend.memoryBytes();
    status = Status.ABORTED;
    provider.abort(this);
  }

  @Override
  public StateStoreMetrics metrics() {
    long mem = status == Status.OPEN ? backend.memoryBytes() : memoryBytes;
    return new StateStoreMetrics(rows, mem, updates, removals, keysRead, commitTime);
  }

  private void closeIterators() {
    for (Iter it : openIterators) {
      it.close();
    }
    openIterators.clear();
  }

  private void checkOpen() {
    if (status != Status.OPEN) {
      throw new IllegalStateException(
          "State store " + provider.id() + " opened at version " + version + " was already "
              + status.name().toLowerCase() + "; open a new one with getStore");
    }
  }

  private final class Iter implements StateIterator {
    private final Backend.Cursor cursor;
    private boolean closed;

    Iter(Backend.Cursor cursor) {
      this.cursor = cursor;
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        throw new IllegalStateException("iterator is closed (closed explicitly, or by commit/abort)");
      }
      return cursor.valid();
    }

    @Override
    public StateEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StateEntry e = new StateEntry(cursor.key(), cursor.value());
      keysRead++;
      cursor.next();
      return e;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        cursor.close();
      }
    }
  }
}
