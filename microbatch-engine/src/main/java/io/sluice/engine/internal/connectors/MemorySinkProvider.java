package io.sluice.engine.internal.connectors;

import io.sluice.api.AnalysisException;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkProvider;
import io.sluice.api.data.ColumnBatch;
import io.sluice.engine.connectors.BuiltinConnectorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code memory} sink: keeps each query's output in a process-wide table named by the query
 * name, read with {@link io.sluice.engine.connectors.MemorySink}. Append mode appends, complete mode
 * replaces the table, update mode upserts by the aggregation's key columns. Idempotent per batch id.
 */
public final class MemorySinkProvider implements SinkProvider {
  /** The format name. */
  public static final String FORMAT = "memory";

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public void validate(ConnectorOptions options) {
    options.checkKnown(FORMAT, BuiltinConnectorOptions.memorySinkOptions(), Set.of());
  }

  @Override
  public Sink createSink(SinkContext context) {
    validate(context.options());
    String name = context.queryName();
    if (name == null || name.isBlank()) {
      throw new AnalysisException("The memory sink needs a query name: call queryName(...)");
    }
    int[] keys = new int[context.keyColumns().size()];
    for (int i = 0; i < keys.length; i++) {
      String column = context.keyColumns().get(i);
      keys[i] = context.schema().indexOf(column);
      if (keys[i] < 0) {
        throw new AnalysisException("Key column '" + column + "' of the memory sink is not in its "
            + "schema " + context.schema());
      }
    }
    MemoryTable.open(name, context.queryId());
    return new MemorySinkImpl(name, context.queryId(), context.outputMode(), keys);
  }

  private static final class MemorySinkImpl implements Sink {
    private final String name;
    private final UUID queryId;
    private final OutputMode mode;
    private final int[] keys;

    MemorySinkImpl(String name, UUID queryId, OutputMode mode, int[] keys) {
      this.name = name;
      this.queryId = queryId;
      this.mode = mode;
      this.keys = keys;
    }

    @Override
    public void addBatch(long batchId, SinkBatch batch) {
      MemoryTable table = MemoryTable.forWrite(name, queryId);
      if (batchId <= table.lastBatchId()) {
        return; // a replay: don't even build the rows
      }
      List<Row> rows = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, batch.numRows()));
      for (ColumnBatch b : batch.allBatches()) {
        rows.addAll(b.rows());
      }
      table.commit(batchId, mode, keys, rows);
    }

    @Override
    public String description() {
      return "MemorySink[" + name + "]";
    }
  }
}
