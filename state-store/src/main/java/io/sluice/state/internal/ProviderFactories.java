package io.sluice.state.internal;

import io.sluice.state.NativeMemoryUsage;
import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreId;
import io.sluice.state.StateStoreOptions;
import io.sluice.state.StateStoreProvider;
import io.sluice.state.StateStoreProviderFactory;

/** The two providers this module ships, registered in {@code META-INF/services}. */
public final class ProviderFactories {
  private ProviderFactories() {}

  private static StateStoreProvider registered(AbstractStateStoreProvider p, StateStoreConf conf) {
    MaintenanceService.register(p, conf.get(StateStoreOptions.MAINTENANCE_INTERVAL));
    return p;
  }

  /** {@code sluice.state.provider=rocksdb}. */
  public static final class RocksDb implements StateStoreProviderFactory {
    @Override
    public String name() {
      return StateStoreOptions.ROCKSDB;
    }

    @Override
    public StateStoreProvider create(StateStoreId id, StateStoreConf conf, Runnable onClose) {
      return registered(new RocksDbStateStoreProvider(id, conf, onClose), conf);
    }

    @Override
    public NativeMemoryUsage nativeMemory() {
      return RocksDbMemory.usage();
    }
  }

  /** {@code sluice.state.provider=memory}. */
  public static final class InMemory implements StateStoreProviderFactory {
    @Override
    public String name() {
      return StateStoreOptions.MEMORY;
    }

    @Override
    public StateStoreProvider create(StateStoreId id, StateStoreConf conf, Runnable onClose) {
      return registered(new InMemoryStateStoreProvider(id, conf, onClose), conf);
    }
  }
}
