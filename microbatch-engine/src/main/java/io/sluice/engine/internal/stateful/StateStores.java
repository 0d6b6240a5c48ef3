package io.sluice.engine.internal.stateful;

import io.sluice.api.AnalysisException;
import io.sluice.state.StateCodec;
import io.sluice.state.StateStore;
import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreId;
import io.sluice.state.StateStoreProvider;
import io.sluice.state.StateStoreProviders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state store providers of one running query, one per (operator, partition), kept open across
 * batches so each batch reopens the version the previous one committed without reloading.
 */
public final class StateStores implements AutoCloseable {
  private final Path checkpointRoot;
  private final StateStoreConf conf;
  private final Map<Long, StateStoreProvider> providers = new ConcurrentHashMap<>();

  /**
   * Creates the registry.
   *
   * @param checkpointRoot the query's checkpoint
   * @param sessionConf the effective configuration ({@code sluice.state.*} keys are read)
   */
  public StateStores(Path checkpointRoot, Map<String, String> sessionConf) {
    this.checkpointRoot = checkpointRoot;
    try {
      this.conf = StateStoreConf.fromMap(sessionConf);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(e.getMessage(), e);
    }
  }

  /**
   * Checks each operator's state schema against the checkpoint and binds its codec.
   *
   * @param operators the query's stateful operators
   */
  public void bind(List<StatefulOperator> operators) {
    for (StatefulOperator op : operators) {
      op.bind(StateCodec.open(checkpointRoot, op.operatorId(), op.stateSchema()));
    }
  }

  /**
   * Opens the store of one operator partition at a version.
   *
   * @param operatorId the operator
   * @param partition the partition
   * @param version the version (the batch id)
   * @return the store
   */
  public StateStore open(int operatorId, int partition, long version) {
    long key = ((long) operatorId << 32) | partition;
    StateStoreProvider p = providers.computeIfAbsent(key,
        k -> StateStoreProviders.open(new StateStoreId(checkpointRoot, operatorId, partition), conf));
    return p.getStore(version);
  }

  @Override
  public void close() {
    for (StateStoreProvider p : providers.values()) {
      try {
        p.close();
      } catch (RuntimeException e) {
        // Closing is best effort: the committed files are already in the checkpoint.
      }
    }
    providers.clear();
  }
}
