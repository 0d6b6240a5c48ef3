package io.sluice.state;

/**
 * Native memory used by every RocksDB store of the process, as bounded by the shared block cache
 * and write-buffer manager (see {@link StateStoreOptions#BLOCK_CACHE_SIZE_BYTES}).
 *
 * @param blockCacheCapacityBytes the shared cache's capacity, 0 if no RocksDB store was opened yet
 * @param blockCacheUsageBytes memory currently in the cache, memtables included
 * @param blockCachePinnedUsageBytes part of the usage pinned by open iterators and readers
 * @param writeBufferManagerLimitBytes the memtable budget charged to the cache
 * @param memtableBytes memory in the memtables of the currently open stores
 * @param openStores number of RocksDB instances currently open
 */
public record NativeMemoryUsage(
    long blockCacheCapacityBytes,
    long blockCacheUsageBytes,
    long blockCachePinnedUsageBytes,
    long writeBufferManagerLimitBytes,
    long memtableBytes,
    int openStores) {}
