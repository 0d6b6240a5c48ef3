package io.sluice.state;

import io.sluice.state.internal.InMemoryStateStoreProvider;
import io.sluice.state.internal.MaintenanceService;
import io.sluice.state.internal.RocksDbMemory;
import io.sluice.state.internal.RocksDbStateStoreProvider;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Opens state store providers and reports the process-wide native memory they share. */
public final class StateStoreProviders {
  private static final Set<StateStoreId> OPEN = ConcurrentHashMap.newKeySet();

  private StateStoreProviders() {}

  /**
   * Opens the provider of one store, of the kind {@link StateStoreOptions#PROVIDER} names, and
   * registers it with the process's background maintenance. Nothing is loaded until
   * {@link StateStoreProvider#getStore(long)}.
   *
   * @param id the store
   * @param conf the options
   * @return the provider; close it when the query stops
   * @throws IllegalStateException if a provider of the same store is already open in this process
   *     (two writers would corrupt each other's files)
   * @throws io.sluice.api.CheckpointException if the RocksDB library or its memory cannot be set up
   */
  public static StateStoreProvider open(StateStoreId id, StateStoreConf conf) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conf, "conf");
    if (!OPEN.add(id)) {
      throw new IllegalStateException(
          "A state store provider for " + id + " is already open in this process; close it first");
    }
    try {
      StateStoreProvider[] self = new StateStoreProvider[1];
      Runnable onClose =
          () -> {
            MaintenanceService.unregister(self[0]);
            OPEN.remove(id);
          };
      StateStoreProvider provider =
          StateStoreOptions.MEMORY.equals(conf.get(StateStoreOptions.PROVIDER))
              ? new InMemoryStateStoreProvider(id, conf, onClose)
              : new RocksDbStateStoreProvider(id, conf, onClose);
      self[0] = provider;
      MaintenanceService.register(provider, conf.get(StateStoreOptions.MAINTENANCE_INTERVAL));
      return provider;
    } catch (RuntimeException | Error e) {
      OPEN.remove(id);
      throw e;
    }
  }

  /**
   * Reports the native memory of every RocksDB store in the process, bounded by
   * {@link StateStoreOptions#BLOCK_CACHE_SIZE_BYTES}.
   *
   * @return the usage; all zero before the first RocksDB provider is opened
   */
  public static NativeMemoryUsage nativeMemory() {
    return RocksDbMemory.usage();
  }
}
