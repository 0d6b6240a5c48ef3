package io.sluice.state.internal;

import io.sluice.state.NativeMemoryUsage;
import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native memory every RocksDB store of the process shares: one LRU block cache and one
 * write-buffer manager charging memtables to that cache, so the cache capacity bounds block cache
 * plus memtables for any number of stores. Created by the first RocksDB provider, with its
 * options; later providers reuse it (a different size is logged and ignored). Never freed: it
 * lives as long as the process.
 */
public final class RocksDbMemory {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbMemory.class);
  private static RocksDbMemory instance;

  private final long cacheCapacity;
  private final long writeBufferBytes;
  private final Cache cache;
  private final WriteBufferManager writeBufferManager;
  private final Set<RocksDB> openDbs = ConcurrentHashMap.newKeySet();

  private RocksDbMemory(long cacheCapacity, long writeBufferBytes) {
    this.cacheCapacity = cacheCapacity;
    this.writeBufferBytes = writeBufferBytes;
    // Not strict: a full cache evicts rather than failing reads; 10% reserved for index/filter
    // blocks, which are cached with high priority.
    this.cache = new LRUCache(cacheCapacity, -1, false, 0.1);
    this.writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
  }

  public static synchronized RocksDbMemory get(StateStoreConf conf) {
    long cap = conf.get(StateStoreOptions.BLOCK_CACHE_SIZE_BYTES);
    long wbm = conf.get(StateStoreOptions.WRITE_BUFFER_MANAGER_BYTES);
    if (instance == null) {
      RocksDB.loadLibrary();
      instance = new RocksDbMemory(cap, Math.min(wbm, cap));
    } else if (instance.cacheCapacity != cap || instance.writeBufferBytes != Math.min(wbm, cap)) {
      LOG.warn(
          "RocksDB memory is already bounded process-wide to a {}-byte cache and {}-byte write"
              + " buffers; ignoring {} and {} requested by a later store",
          instance.cacheCapacity, instance.writeBufferBytes, cap, wbm);
    }
    return instance;
  }

  /** @return the usage, zeros if no RocksDB store was ever opened */
  public static synchronized NativeMemoryUsage usage() {
    if (instance == null) {
      return new NativeMemoryUsage(0, 0, 0, 0, 0, 0);
    }
    RocksDbMemory m = instance;
    long memtables = 0;
    int open = 0;
    for (RocksDB db : m.openDbs) {
      try {
        memtables += db.getLongProperty("rocksdb.cur-size-all-mem-tables");
        open++;
      } catch (RocksDBException | RuntimeException e) {
        // closed concurrently
      }
    }
    return new NativeMemoryUsage(
        m.cacheCapacity,
        m.cache.getUsage(),
        m.cache.getPinnedUsage(),
        m.writeBufferBytes,
        memtables,
        open);
  }

  Cache cache() {
    return cache;
  }

  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  // Synchronized with usage(): a DB must leave the set before it is closed, never while usage()
  // reads its properties (a closed RocksDB handle must not be touched).
  void register(RocksDB db) {
    synchronized (RocksDbMemory.class) {
      openDbs.add(db);
    }
  }

  void unregister(RocksDB db) {
    synchronized (RocksDbMemory.class) {
      openDbs.remove(db);
    }
  }
}
