package io.sluice.state;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Names one state store: the state of one stateful operator for one shuffle partition, kept under
 * one checkpoint location.
 *
 * <p>Its files live in {@code <checkpointLocation>/state/<operatorId>/<partition>/}; the schema of
 * the operator's state lives in {@code <checkpointLocation>/state/<operatorId>/_metadata/schema}.
 *
 * @param checkpointLocation the query's checkpoint root directory
 * @param operatorId the stable id of the stateful operator, non-negative
 * @param partition the shuffle partition, non-negative
 */
public record StateStoreId(Path checkpointLocation, long operatorId, int partition) {

  /**
   * Validates the id.
   *
   * @throws NullPointerException if {@code checkpointLocation} is null
   * @throws IllegalArgumentException if the operator id or partition is negative
   */
  public StateStoreId {
    Objects.requireNonNull(checkpointLocation, "checkpointLocation");
    checkpointLocation = checkpointLocation.toAbsolutePath().normalize();
    if (operatorId < 0) {
      throw new IllegalArgumentException("operatorId must be >= 0, got " + operatorId);
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0, got " + partition);
    }
  }

  /** @return the directory holding this store's changelogs and snapshots */
  public Path storeDirectory() {
    return operatorDirectory().resolve(Integer.toString(partition));
  }

  /** @return the directory holding every partition of this operator, and its {@code _metadata} */
  public Path operatorDirectory() {
    return checkpointLocation.resolve("state").resolve(Long.toString(operatorId));
  }

  @Override
  public String toString() {
    return "StateStoreId[operator=" + operatorId + ", partition=" + partition + ", checkpoint="
        + checkpointLocation + "]";
  }
}
