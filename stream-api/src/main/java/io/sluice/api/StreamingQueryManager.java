package io.sluice.api;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The streaming queries of one session, and listeners to their lifecycle. */
public interface StreamingQueryManager {
  /** @return the active queries */
  List<StreamingQuery> active();

  /**
   * An active query by id.
   *
   * @param id the query id
   * @return the query if active
   */
  Optional<StreamingQuery> get(UUID id);

  /**
   * Registers a listener for started, progress, idle and terminated events of every query.
   *
   * @param listener the listener
   */
  void addListener(StreamingQueryListener listener);

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  void removeListener(StreamingQueryListener listener);

  /**
   * Waits until any query stops.
   *
   * @throws InterruptedException if interrupted
   */
  void awaitAnyTermination() throws InterruptedException;
}
