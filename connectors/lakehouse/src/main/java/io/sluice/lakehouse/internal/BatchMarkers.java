package io.sluice.lakehouse.internal;

import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;

/**
 * The exactly-once markers a sink leaves in a table. Every snapshot the sink commits carries
 * {@value #QUERY_ID} and {@value #BATCH_ID} in its summary, and the same commit sets the table
 * property {@code sluice.sink.<queryId>.last-batch-id}, so the marker survives the expiry of the
 * snapshot that holds it.
 *
 * <p>A query's batch ids only grow, so the newest snapshot of a query (walking back from the
 * current snapshot) holds its latest committed batch.
 */
public final class BatchMarkers {
  /** Snapshot summary key: the id of the query that committed the snapshot. */
  public static final String QUERY_ID = "sluice.query-id";
  /** Snapshot summary key: the batch id the snapshot commits. */
  public static final String BATCH_ID = "sluice.batch-id";

  private BatchMarkers() {}

  /**
   * The table property holding a query's latest committed batch id.
   *
   * @param queryId the query id
   * @return the property key
   */
  public static String propertyKey(UUID queryId) {
    return "sluice.sink." + queryId + ".last-batch-id";
  }

  /**
   * The newest snapshot committed by a query, walking back from the table's current snapshot.
   *
   * @param table the table (refreshed by the caller)
   * @param queryId the query
   * @return the snapshot, or null if none is in the retained history
   */
  public static Snapshot latestMarkerSnapshot(Table table, UUID queryId) {
    return latestMarker(ancestors(table), queryId.toString());
  }

  /**
   * A query's latest committed batch: the newer of the table property and the newest marker in the
   * snapshot history.
   *
   * @param table the table (refreshed by the caller)
   * @param queryId the query
   * @return the batch id, or -1 if the query committed none
   */
  public static long lastCommittedBatch(Table table, UUID queryId) {
    long fromProperty = Long.parseLong(table.properties().getOrDefault(propertyKey(queryId), "-1"));
    Snapshot s = latestMarkerSnapshot(table, queryId);
    long fromHistory = s == null ? -1 : Long.parseLong(s.summary().get(BATCH_ID));
    return Math.max(fromProperty, fromHistory);
  }

  private static Iterable<Snapshot> ancestors(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return java.util.List.of();
    }
    return () -> new java.util.Iterator<>() {
      private Snapshot next = current;

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Snapshot next() {
        Snapshot s = next;
        next = s.parentId() == null ? null : table.snapshot(s.parentId());
        return s;
      }
    };
  }

  private static Snapshot latestMarker(Iterable<Snapshot> newestFirst, String queryId) {
    for (Snapshot s : newestFirst) {
      Map<String, String> summary = s.summary();
      if (summary != null && queryId.equals(summary.get(QUERY_ID)) && summary.get(BATCH_ID) != null) {
        return s;
      }
    }
    return null;
  }

  /**
   * A validator Iceberg runs inside the commit, on the table state the commit applies to (again on
   * every retry): it fails the commit if an ancestor already holds batch {@code batchId} (or a
   * later one) of the query.
   *
   * @param queryId the query
   * @param batchId the batch being committed
   * @return the validator
   */
  public static SnapshotAncestryValidator notYetCommitted(UUID queryId, long batchId) {
    String q = queryId.toString();
    return new SnapshotAncestryValidator() {
      @Override
      public boolean validate(Iterable<Snapshot> baseAncestors) {
        Snapshot s = latestMarker(baseAncestors, q);
        return s == null || Long.parseLong(s.summary().get(BATCH_ID)) < batchId;
      }

      @Override
      public String errorMessage() {
        return "batch " + batchId + " of query " + q + " is already committed";
      }
    };
  }
}
