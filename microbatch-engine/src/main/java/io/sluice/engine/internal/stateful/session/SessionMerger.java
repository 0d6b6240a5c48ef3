package io.sluice.engine.internal.stateful.session;

import io.sluice.engine.internal.agg.AggregateFunctions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the sessions of one grouping key the way Spark's merging-sessions iterator does: sorted by
 * start, a session absorbs the next one when the next one's start is at or before its end (sessions
 * that overlap or touch merge), and the merged session spans [min start, max end).
 *
 * <p>Buffers merge in start order ({@code merge(a, b)} with {@code a} starting first), so
 * order-sensitive aggregates (first, last, collect_list) see pieces in event-time order, as in Spark.
 */
final class SessionMerger {
  /** Orders pieces by start; the sort is stable, so equal starts keep their insertion order. */
  static final Comparator<Piece> BY_START = Comparator.comparingLong(Piece::start);

  private SessionMerger() {}

  /**
   * A session or a part of one: a partial aggregate over [start, end).
   *
   * @param start the start, microseconds
   * @param end the end (exclusive), microseconds
   * @param buffer the aggregate buffer
   * @param stored true if the piece is a session read from the state store
   */
  record Piece(long start, long end, List<Object> buffer, boolean stored) {}

  /**
   * A merged session.
   *
   * @param start the start
   * @param end the end
   * @param buffer the merged buffer
   * @param stored the stored sessions it absorbed (their state entries must be replaced)
   * @param changed false if it is exactly one stored session, untouched by this batch
   */
  record Merged(long start, long end, List<Object> buffer, List<Piece> stored, boolean changed) {}

  /**
   * Merges pieces of one key.
   *
   * @param pieces the pieces, sorted by {@link #BY_START}
   * @param functions the aggregates
   * @return the merged sessions, by start; no two of them overlap or touch
   */
  static List<Merged> merge(List<Piece> pieces, AggregateFunctions functions) {
    List<Merged> out = new ArrayList<>();
    int i = 0;
    while (i < pieces.size()) {
      Piece first = pieces.get(i++);
      long end = first.end();
      List<Object> buffer = first.buffer();
      List<Piece> stored = new ArrayList<>(1);
      if (first.stored()) {
        stored.add(first);
      }
      int count = 1;
      while (i < pieces.size() && pieces.get(i).start() <= end) {
        Piece p = pieces.get(i++);
        end = Math.max(end, p.end());
        buffer = functions.merge(buffer, p.buffer());
        if (p.stored()) {
          stored.add(p);
        }
        count++;
      }
      out.add(new Merged(first.start(), end, buffer, stored, count > 1 || !first.stored()));
    }
    return out;
  }
}
