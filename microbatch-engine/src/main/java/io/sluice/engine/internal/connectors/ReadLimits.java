package io.sluice.engine.internal.connectors;

import io.sluice.api.connector.ReadLimit;

/** Interprets {@link ReadLimit}s for sources that count rows. */
final class ReadLimits {
  private ReadLimits() {}

  /**
   * The most rows one batch may read under a limit: the smallest {@link ReadLimit.MaxRows} found
   * (in a {@link ReadLimit.Composite} too). Limits in other units ({@code MaxFiles}) do not apply
   * to row-counting sources, and {@code MinRows} only delays a batch, which these sources do not
   * do: they are ignored.
   *
   * @param limit the limit
   * @return the maximum, {@link Long#MAX_VALUE} when unbounded
   */
  static long maxRows(ReadLimit limit) {
    if (limit instanceof ReadLimit.MaxRows m) {
      return Math.max(0, m.maxRows());
    } else if (limit instanceof ReadLimit.Composite c) {
      long min = Long.MAX_VALUE;
      for (ReadLimit l : c.limits()) {
        min = Math.min(min, maxRows(l));
      }
      return min;
    }
    return Long.MAX_VALUE;
  }
}
