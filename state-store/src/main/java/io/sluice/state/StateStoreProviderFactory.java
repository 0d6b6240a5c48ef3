package io.sluice.state;

/**
 * Creates providers of one kind, named by {@link StateStoreOptions#PROVIDER}. Implementations are
 * found with {@link java.util.ServiceLoader} ({@code META-INF/services}); this module ships
 * {@code rocksdb} and {@code memory}. Users open providers with {@link StateStoreProviders}, not
 * through this interface.
 */
public interface StateStoreProviderFactory {

  /** @return the name {@link StateStoreOptions#PROVIDER} selects this factory by */
  String name();

  /**
   * Creates a provider and registers it for background maintenance.
   *
   * @param id the store
   * @param conf the options
   * @param onClose to run once when the provider is closed
   * @return the provider
   * @throws io.sluice.api.CheckpointException if native resources cannot be set up
   */
  StateStoreProvider create(StateStoreId id, StateStoreConf conf, Runnable onClose);

  /** @return the process-wide native memory of this kind's stores, or null if it uses none */
  default NativeMemoryUsage nativeMemory() {
    return null;
  }
}
