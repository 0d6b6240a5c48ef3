package io.sluice.api.connector;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.types.StructType;
import java.util.List;

/**
 * One micro-batch's output, as the sink receives it: the rows of each output partition, so a sink
 * can write partitions in parallel.
 *
 * @param schema the schema
 * @param partitions for each output partition, its column batches
 */
public record SinkBatch(StructType schema, List<List<ColumnBatch>> partitions) {
  /** Copies the lists. */
  public SinkBatch {
    partitions = partitions.stream().map(List::copyOf).toList();
  }

  /** @return the number of rows in all partitions */
  public long numRows() {
    long n = 0;
    for (List<ColumnBatch> p : partitions) {
      for (ColumnBatch b : p) {
        n += b.numRows();
      }
    }
    return n;
  }

  /** @return every batch of every partition, in partition order */
  public List<ColumnBatch> allBatches() {
    return partitions.stream().flatMap(List::stream).toList();
  }
}
