package io.sluice.api;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A running (or finished) streaming query: a handle to watch and stop it. All methods are
 * thread-safe.
 */
public interface StreamingQuery {
  /** @return the query's id, stored in the checkpoint: the same across restarts */
  UUID id();

  /** @return the id of this run, new at every start */
  UUID runId();

  /** @return the name given with {@code queryName}, or null */
  String name();

  /**
   * Waits until the query stops.
   *
   * @throws StreamingQueryException if it stopped because of a failure (the cause is attached)
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void awaitTermination() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the query to stop.
   *
   * @param timeout the longest wait
   * @return true if it stopped, false on time-out
   * @throws StreamingQueryException if it stopped because of a failure
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Blocks until every row available in the sources when called has been processed and committed.
   * For tests.
   *
   * @throws StreamingQueryException if the query fails meanwhile
   */
  void processAllAvailable();

  /** Stops the query: the running batch is interrupted and not committed; waits until stopped. */
  void stop();

  /** @return true until the query stops or fails */
  boolean isActive();

  /** @return the failure that stopped the query, or null */
  StreamingQueryException exception();

  /** @return what the query is doing now */
  StreamingQueryStatus status();

  /** @return the progress of the last batch, or null before the first */
  StreamingQueryProgress lastProgress();

  /** @return the progress of recent batches, oldest first */
  List<StreamingQueryProgress> recentProgress();

  /** @return the query's plans as readable text */
  String explainString();
}
