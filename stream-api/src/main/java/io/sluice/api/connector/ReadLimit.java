package io.sluice.api.connector;

import java.time.Duration;
import java.util.List;

/** How much a source may return for one batch. */
public sealed interface ReadLimit {
  /** @return no limit */
  static ReadLimit allAvailable() {
    return AllAvailable.INSTANCE;
  }

  /** No limit. */
  enum AllAvailable implements ReadLimit {
    /** The singleton. */
    INSTANCE
  }

  /**
   * At most {@code maxRows} rows (records, offsets).
   *
   * @param maxRows the limit
   */
  record MaxRows(long maxRows) implements ReadLimit {}

  /**
   * At most {@code maxFiles} files (or snapshots, for table sources).
   *
   * @param maxFiles the limit
   */
  record MaxFiles(int maxFiles) implements ReadLimit {}

  /**
   * At least {@code minRows} rows, unless {@code maxTriggerDelay} passed since the last batch.
   *
   * @param minRows the minimum
   * @param maxTriggerDelay the longest wait
   */
  record MinRows(long minRows, Duration maxTriggerDelay) implements ReadLimit {}

  /**
   * Several limits at once; the smallest batch satisfying all maxima wins.
   *
   * @param limits the limits
   */
  record Composite(List<ReadLimit> limits) implements ReadLimit {
    /** Copies the list. */
    public Composite {
      limits = List.copyOf(limits);
    }
  }
}
