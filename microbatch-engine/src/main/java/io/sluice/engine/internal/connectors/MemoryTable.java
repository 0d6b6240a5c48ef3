package io.sluice.engine.internal.connectors;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table of the {@code memory} sink, and the process-wide registry of them by name. Each committed
 * batch is applied once: a batch id at or below the last committed one is a replay after a failure
 * and is ignored. Thread-safe.
 */
public final class MemoryTable {
  private static final Map<String, MemoryTable> TABLES = new ConcurrentHashMap<>();

  private final String name;
  private final UUID queryId;
  private long lastBatchId = -1;
  private List<Row> rows = new ArrayList<>();
  private final List<List<Row>> batches = new ArrayList<>();
  /** Row position of each key for update mode; null when it must be rebuilt. */
  private Map<Row, Integer> keyIndex;
  private int[] indexedKeys;

  private MemoryTable(String name, UUID queryId) {
    this.name = name;
    this.queryId = queryId;
  }

  /**
   * The table a query writes to. A query restarting (same id) continues its table, so a replayed
   * batch is recognized; a different query with the same name starts a new, empty table.
   *
   * @param name the table (query) name
   * @param queryId the writing query's id, may be null
   * @return the table
   */
  static MemoryTable open(String name, UUID queryId) {
    return TABLES.compute(name, (n, old) ->
        old != null && Objects.equals(old.queryId, queryId) ? old : new MemoryTable(n, queryId));
  }

  /**
   * The table for a batch, re-created if {@link #drop(String)} removed it meanwhile.
   *
   * @param name the name
   * @param queryId the writing query's id, may be null
   * @return the table
   */
  static MemoryTable forWrite(String name, UUID queryId) {
    return TABLES.computeIfAbsent(name, n -> new MemoryTable(n, queryId));
  }

  /**
   * Finds a table.
   *
   * @param name the name
   * @return the table
   * @throws IllegalArgumentException if there is none
   */
  public static MemoryTable get(String name) {
    MemoryTable t = TABLES.get(name);
    if (t == null) {
      throw new IllegalArgumentException("No memory table '" + name + "'; tables: "
          + new TreeSet<>(TABLES.keySet())
          + ". A query writing format(\"memory\") creates the table named by its queryName(..).");
    }
    return t;
  }

  /**
   * The last committed batch id of a table.
   *
   * @param name the name
   * @return the id, or -1 if the table does not exist or has no batch yet
   */
  public static long lastBatchId(String name) {
    MemoryTable t = TABLES.get(name);
    return t == null ? -1 : t.lastBatchId();
  }

  /**
   * Removes a table.
   *
   * @param name the name
   */
  public static void drop(String name) {
    TABLES.remove(name);
  }

  /**
   * Applies a batch, unless it was applied before.
   *
   * @param batchId the batch id
   * @param mode the output mode
   * @param keyPositions for update mode, the positions of the key columns (empty: append)
   * @param batchRows the batch's rows
   * @return false if the batch was a replay and was ignored
   */
  synchronized boolean commit(long batchId, OutputMode mode, int[] keyPositions, List<Row> batchRows) {
    if (batchId <= lastBatchId) {
      return false;
    }
    List<Row> copy = List.copyOf(batchRows);
    switch (mode) {
      case COMPLETE -> {
        rows = new ArrayList<>(copy);
        keyIndex = null;
      }
      case UPDATE -> {
        if (keyPositions.length == 0) {
          rows.addAll(copy);
          keyIndex = null;
        } else {
          upsert(keyPositions, copy);
        }
      }
      default -> {
        rows.addAll(copy);
        keyIndex = null;
      }
    }
    batches.add(copy);
    lastBatchId = batchId;
    return true;
  }

  private void upsert(int[] keyPositions, List<Row> batchRows) {
    if (keyIndex == null || !java.util.Arrays.equals(indexedKeys, keyPositions)) {
      keyIndex = new HashMap<>();
      indexedKeys = keyPositions.clone();
      for (int i = 0; i < rows.size(); i++) {
        keyIndex.put(key(rows.get(i), keyPositions), i);
      }
    }
    for (Row r : batchRows) {
      Row key = key(r, keyPositions);
      Integer at = keyIndex.get(key);
      if (at != null) {
        rows.set(at, r);
      } else {
        keyIndex.put(key, rows.size());
        rows.add(r);
      }
    }
  }

  // A schema-less Row compares by value (binary by content), which is what key equality needs.
  private static Row key(Row r, int[] positions) {
    Object[] values = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      values[i] = r.get(positions[i]);
    }
    return Row.of(values);
  }

  /** @return the table name */
  public String name() {
    return name;
  }

  /** @return a copy of the current rows */
  public synchronized List<Row> rows() {
    return Collections.unmodifiableList(new ArrayList<>(rows));
  }

  /** @return a copy of each committed batch's rows, in batch order */
  public synchronized List<List<Row>> batches() {
    return List.copyOf(batches);
  }

  /** @return the last committed batch id, -1 before the first */
  public synchronized long lastBatchId() {
    return lastBatchId;
  }
}
