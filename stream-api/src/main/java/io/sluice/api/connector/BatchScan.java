package io.sluice.api.connector;

import io.sluice.api.types.StructType;
import java.util.List;

/** A bounded read of a source's current content. */
public interface BatchScan {
  /** @return the schema */
  StructType schema();

  /** @return the partitions to read */
  List<InputPartition> partitions();

  /**
   * Opens a reader for a partition.
   *
   * @param partition one of {@link #partitions()}
   * @return the reader
   */
  PartitionReader createReader(InputPartition partition);
}
