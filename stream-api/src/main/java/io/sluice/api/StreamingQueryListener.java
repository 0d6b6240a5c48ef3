package io.sluice.api;

import java.time.Instant;
import java.util.UUID;

/**
 * Receives lifecycle events of a session's queries. Called on the query's own thread: keep the
 * handlers quick; an exception in a handler is logged and ignored.
 */
public abstract class StreamingQueryListener {
  /** Creates a listener. */
  protected StreamingQueryListener() {}

  /**
   * A query started (before its first batch).
   *
   * @param event the event
   */
  public void onQueryStarted(QueryStartedEvent event) {}

  /**
   * A batch completed.
   *
   * @param event the event
   */
  public void onQueryProgress(QueryProgressEvent event) {}

  /**
   * A trigger found no new data and ran no batch.
   *
   * @param event the event
   */
  public void onQueryIdle(QueryIdleEvent event) {}

  /**
   * A query stopped or failed.
   *
   * @param event the event
   */
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /**
   * A query started.
   *
   * @param id the query id
   * @param runId the run id
   * @param name the name or null
   * @param timestamp when
   */
  public record QueryStartedEvent(UUID id, UUID runId, String name, Instant timestamp) {}

  /**
   * A batch completed.
   *
   * @param progress its progress
   */
  public record QueryProgressEvent(StreamingQueryProgress progress) {}

  /**
   * A trigger found nothing to do.
   *
   * @param id the query id
   * @param runId the run id
   * @param timestamp when
   */
  public record QueryIdleEvent(UUID id, UUID runId, Instant timestamp) {}

  /**
   * A query stopped.
   *
   * @param id the query id
   * @param runId the run id
   * @param exception the failure's description, or null for a clean stop
   */
  public record QueryTerminatedEvent(UUID id, UUID runId, String exception) {}
}
