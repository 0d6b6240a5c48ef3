package io.sluice.state;

import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Opens state store providers and reports the process-wide native memory they share. */
public final class StateStoreProviders {
  private static final Set<StateStoreId> OPEN = ConcurrentHashMap.newKeySet();
  private static final Map<String, StateStoreProviderFactory> FACTORIES = loadFactories();

  private StateStoreProviders() {}

  private static Map<String, StateStoreProviderFactory> loadFactories() {
    Map<String, StateStoreProviderFactory> m = new TreeMap<>();
    for (StateStoreProviderFactory f :
        ServiceLoader.load(
            StateStoreProviderFactory.class, StateStoreProviders.class.getClassLoader())) {
      m.putIfAbsent(f.name(), f);
    }
    return Map.copyOf(m);
  }

  /**
   * Opens the provider of one store, of the kind {@link StateStoreOptions#PROVIDER} names, and
   * registers it with the process's background maintenance. Nothing is loaded until
   * {@link StateStoreProvider#getStore(long)}.
   *
   * @param id the store
   * @param conf the options
   * @return the provider; close it when the query stops
   * @throws IllegalArgumentException if no provider has the configured name
   * @throws IllegalStateException if a provider of the same store is already open in this process
   *     (two writers would corrupt each other's files)
   * @throws io.sluice.api.CheckpointException if the RocksDB library or its memory cannot be set up
   */
  public static StateStoreProvider open(StateStoreId id, StateStoreConf conf) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conf, "conf");
    String name = conf.get(StateStoreOptions.PROVIDER);
    StateStoreProviderFactory factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "Unknown state store provider '" + name + "' in " + StateStoreOptions.PROVIDER.key()
              + "; available: " + FACTORIES.keySet());
    }
    if (!OPEN.add(id)) {
      throw new IllegalStateException(
          "A state store provider for " + id + " is already open in this process; close it first");
    }
    try {
      return factory.create(id, conf, () -> OPEN.remove(id));
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
    StateStoreProviderFactory rocks = FACTORIES.get(StateStoreOptions.ROCKSDB);
    NativeMemoryUsage usage = rocks == null ? null : rocks.nativeMemory();
    return usage != null ? usage : new NativeMemoryUsage(0, 0, 0, 0, 0, 0);
  }
}
