package io.sluice.state;

import io.sluice.api.ConfigOption;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * Options of the state store, all keyed {@code sluice.state.*}. Pass them in a
 * {@link StateStoreConf}.
 *
 * <p><b>Native memory defaults.</b> RocksDB memory lives outside the Java heap, so it is bounded
 * separately: every RocksDB store in the process shares one block cache of
 * {@link #BLOCK_CACHE_SIZE_BYTES} and one write-buffer manager of
 * {@link #WRITE_BUFFER_MANAGER_BYTES} whose memtables are charged to that same cache. The default
 * cache is 1/16 of the machine's (or container's) physical memory, clamped to [64 MiB, 2 GiB]:
 * the JVM takes 1/4 for its heap by default, and this leaves most of the rest to the OS page
 * cache, which RocksDB reads through. The write-buffer budget defaults to half the cache.
 */
public final class StateStoreOptions {
  private StateStoreOptions() {}

  /** The provider name of the RocksDB provider. */
  public static final String ROCKSDB = "rocksdb";
  /** The provider name of the in-memory provider. */
  public static final String MEMORY = "memory";

  /** Which provider keeps the state: {@code rocksdb} (default) or {@code memory}. */
  public static final ConfigOption<String> PROVIDER =
      ConfigOption.stringOption(
              "sluice.state.provider",
              ROCKSDB,
              "State store provider: 'rocksdb' (default, state larger than memory), 'memory' (small"
                  + " state), or the name of a StateStoreProviderFactory plugin. Both built-in"
                  + " providers write the same changelog files.")
          .withValidator(v -> !v.isBlank(), "a provider name: 'rocksdb', 'memory' or a plugin's");

  /** Local working directory of the RocksDB instances; not part of the checkpoint. */
  public static final ConfigOption<String> LOCAL_DIR =
      ConfigOption.stringOption(
          "sluice.state.localDir",
          Paths.get(System.getProperty("java.io.tmpdir"), "sluice-state").toString(),
          "Local directory for the working copies of RocksDB stores (rebuilt from the checkpoint"
              + " when lost).");

  /** A snapshot is written at the first commit at least this many versions after the last one. */
  public static final ConfigOption<Integer> MIN_DELTAS_FOR_SNAPSHOT =
      ConfigOption.intOption(
              "sluice.state.minDeltasForSnapshot",
              10,
              "Number of changelog versions after which a snapshot is written, bounding recovery"
                  + " replay.")
          .withValidator(v -> v >= 1, "an integer >= 1");

  /** How many recent versions stay loadable; older files are deleted by maintenance. */
  public static final ConfigOption<Integer> MIN_BATCHES_TO_RETAIN =
      ConfigOption.intOption(
              "sluice.state.minBatchesToRetain",
              100,
              "Minimum number of recent state versions kept loadable in the checkpoint.")
          .withValidator(v -> v >= 1, "an integer >= 1");

  /** Period of the process-wide background maintenance task. */
  public static final ConfigOption<Duration> MAINTENANCE_INTERVAL =
      ConfigOption.durationOption(
              "sluice.state.maintenanceInterval",
              Duration.ofSeconds(60),
              "Period of the background task that uploads snapshots and deletes old state files"
                  + " (one task per process; the first provider opened sets it).")
          .withValidator(v -> !v.isNegative() && !v.isZero(), "a positive duration");

  /** Capacity of the block cache shared by every RocksDB store in the process. */
  public static final ConfigOption<Long> BLOCK_CACHE_SIZE_BYTES =
      ConfigOption.longOption(
              "sluice.state.rocksdb.blockCacheSizeBytes",
              defaultBlockCacheBytes(),
              "Capacity of the block cache shared by all RocksDB stores of the process; memtables"
                  + " are charged to it too. Default: 1/16 of physical memory, within [64 MiB, 2 GiB]."
                  + " The first RocksDB provider opened in the process sets it.")
          .withValidator(v -> v >= 1L << 20, "at least 1048576 (1 MiB)");

  /** Memtable budget shared by every RocksDB store in the process, charged to the block cache. */
  public static final ConfigOption<Long> WRITE_BUFFER_MANAGER_BYTES =
      ConfigOption.longOption(
              "sluice.state.rocksdb.writeBufferManagerBytes",
              defaultBlockCacheBytes() / 2,
              "Total memtable memory of all RocksDB stores of the process, charged to the block"
                  + " cache; a store flushes when the total is reached. Default: half the cache.")
          .withValidator(v -> v >= 1L << 20, "at least 1048576 (1 MiB)");

  /** Memtable size of one RocksDB store. */
  public static final ConfigOption<Long> WRITE_BUFFER_SIZE_BYTES =
      ConfigOption.longOption(
              "sluice.state.rocksdb.writeBufferSizeBytes",
              64L << 20,
              "Size of one memtable of one RocksDB store (the shared write-buffer manager bounds the"
                  + " total).")
          .withValidator(v -> v >= 64L << 10, "at least 65536");

  /** @return every option, for documentation */
  public static List<ConfigOption<?>> all() {
    return List.of(
        PROVIDER,
        LOCAL_DIR,
        MIN_DELTAS_FOR_SNAPSHOT,
        MIN_BATCHES_TO_RETAIN,
        MAINTENANCE_INTERVAL,
        BLOCK_CACHE_SIZE_BYTES,
        WRITE_BUFFER_MANAGER_BYTES,
        WRITE_BUFFER_SIZE_BYTES);
  }

  private static long defaultBlockCacheBytes() {
    long physical = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      physical = os.getTotalMemorySize();
    }
    if (physical <= 0) {
      physical = Runtime.getRuntime().maxMemory() * 4;
    }
    return Math.max(64L << 20, Math.min(2L << 30, physical / 16));
  }
}
