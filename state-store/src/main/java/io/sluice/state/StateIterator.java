package io.sluice.state;

import java.util.Iterator;

/**
 * Iterates over entries of a {@link StateStore} in unsigned lexicographic key order.
 *
 * <p>An iterator sees the store as it was when the iterator was created: puts and removes made
 * while iterating (for example removing each expired entry during eviction) are allowed and do not
 * affect it. Close it when done; the store closes any iterator still open when it commits or
 * aborts, after which {@link #hasNext()} throws {@link IllegalStateException}.
 */
public interface StateIterator extends Iterator<StateEntry>, AutoCloseable {

  /** Releases the iterator's resources (native ones for the RocksDB provider). Idempotent. */
  @Override
  void close();
}
