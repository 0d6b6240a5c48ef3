package io.sluice.benchmarks;

import io.sluice.state.KeyEncoder;
import io.sluice.state.FieldType;
import io.sluice.state.NativeMemoryUsage;
import io.sluice.state.StateStore;
import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreId;
import io.sluice.state.StateStoreOptions;
import io.sluice.state.StateStoreProvider;
import io.sluice.state.StateStoreProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * State store benchmark: the engine's hot path (open version v, write, commit v+1, open v+1 on
 * the same provider), on the RocksDB provider with the process-wide memory bounds.
 *
 * <ol>
 *   <li>load: N distinct keys put in batches of 100k, each batch committed (puts/s, commit incl.)
 *   <li>get: N random point reads (gets/s)
 *   <li>update: 15 batches updating 100k random existing keys; commit time per batch
 *   <li>recovery: a new provider loads the latest version from snapshot + changelogs
 * </ol>
 *
 * Arguments: {@code --keys N} (repeatable, default 1000000), {@code --dir PATH} (default a temp
 * dir, deleted after), {@code --cacheMb M} (shared block cache, default 256).
 */
public final class StateStoreBenchmark {
  private static final int BATCH = 100_000;
  private static final int VALUE_BYTES = 32;
  // 15 so that recovery replays 5 changelogs on top of the snapshot taken at version 20.
  private static final int UPDATE_BATCHES = 15;

  private StateStoreBenchmark() {}

  public static void main(String[] args) throws IOException {
    List<Long> sizes = new ArrayList<>();
    Path dir = null;
    long cacheMb = 256;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--keys" -> sizes.add(Long.parseLong(args[++i]));
        case "--dir" -> dir = Paths.get(args[++i]);
        case "--cacheMb" -> cacheMb = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (sizes.isEmpty()) {
      sizes.add(1_000_000L);
    }
    boolean tempDir = dir == null;
    Path root = tempDir ? Files.createTempDirectory("sluice-bench") : dir;
    System.out.printf(Locale.ROOT, "machine: %d cores, %s; JVM %s, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "shared block cache %d MiB (write buffers %d MiB charged to it)%n",
        cacheMb, cacheMb / 2);
    try {
      for (long n : sizes) {
        run(root.resolve("run-" + n), n, cacheMb << 20);
      }
    } finally {
      if (tempDir) {
        deleteRecursively(root);
      }
    }
  }

  private static void run(Path root, long keys, long cacheBytes) {
    StateStoreConf conf =
        StateStoreConf.defaults()
            .with(StateStoreOptions.LOCAL_DIR, root.resolve("local").toString())
            .with(StateStoreOptions.BLOCK_CACHE_SIZE_BYTES, cacheBytes)
            .with(StateStoreOptions.WRITE_BUFFER_MANAGER_BYTES, cacheBytes / 2)
            .with(StateStoreOptions.MAINTENANCE_INTERVAL, Duration.ofSeconds(5));
    StateStoreId id = new StateStoreId(root.resolve("checkpoint"), 1, 0);
    KeyEncoder enc = new KeyEncoder(List.of(FieldType.LONG, FieldType.LONG));
    SplittableRandom random = new SplittableRandom(7);
    byte[] value = new byte[VALUE_BYTES];
    System.out.printf(Locale.ROOT, "%n== %,d keys (key 18 B: (bucket, id) ordered; value %d B) ==%n",
        keys, VALUE_BYTES);
    long version = 0;
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      long start = System.nanoTime();
      long maxCommitNs = 0;
      long next = 0;
      while (next < keys) {
        StateStore s = p.getStore(version);
        long end = Math.min(keys, next + BATCH);
        for (; next < end; next++) {
          random.nextBytes(value);
          s.put(key(enc, next), value);
        }
        version = s.commit();
        maxCommitNs = Math.max(maxCommitNs, s.metrics().commitTime().toNanos());
      }
      double loadSec = seconds(start);
      System.out.printf(Locale.ROOT,
          "load:     %,12.0f puts/s  (%,d puts in %d committed batches, %.1f s; slowest commit %.0f ms)%n",
          keys / loadSec, keys, version, loadSec, maxCommitNs / 1e6);
      printMemory("after load");

      StateStore reader = p.getStore(version);
      long gets = Math.min(keys, 2_000_000);
      start = System.nanoTime();
      long found = 0;
      for (long i = 0; i < gets; i++) {
        if (reader.get(key(enc, random.nextLong(keys))) != null) {
          found++;
        }
      }
      double getSec = seconds(start);
      reader.abort();
      if (found != gets) {
        throw new IllegalStateException("lost keys: found " + found + " of " + gets);
      }
      System.out.printf(Locale.ROOT, "get:      %,12.0f gets/s  (%,d random point reads, %.1f s)%n",
          gets / getSec, gets, getSec);

      List<Long> commitMs = new ArrayList<>();
      List<Long> batchMs = new ArrayList<>();
      for (int b = 0; b < UPDATE_BATCHES; b++) {
        long t0 = System.nanoTime();
        StateStore s = p.getStore(version);
        for (int i = 0; i < BATCH; i++) {
          random.nextBytes(value);
          s.put(key(enc, random.nextLong(keys)), value);
        }
        version = s.commit();
        commitMs.add(s.metrics().commitTime().toMillis());
        batchMs.add((System.nanoTime() - t0) / 1_000_000);
      }
      Collections.sort(commitMs);
      System.out.printf(Locale.ROOT,
          "update:   100k updated keys per batch, %d batches: commit p50 %d ms, max %d ms (max"
              + " includes a snapshot flush); whole batch p50 %d ms -> %,.0f updates/s%n",
          UPDATE_BATCHES,
          commitMs.get(commitMs.size() / 2), commitMs.get(commitMs.size() - 1),
          median(batchMs), BATCH * 1000.0 / median(batchMs));
      printMemory("after updates");
    }
    // closing uploaded the pending snapshot; recovery = newest snapshot + changelogs after it
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      List<Long> snapshots = listVersions(id.storeDirectory(), ".snapshot");
      long latest = version;
      long base = snapshots.stream().filter(v -> v <= latest).reduce((a, b) -> b).orElse(0L);
      long start = System.nanoTime();
      StateStore s = p.getStore(version);
      double sec = seconds(start);
      long rows = s.metrics().rows();
      s.abort();
      if (rows != keys) {
        throw new IllegalStateException("recovered " + rows + " rows, expected " + keys);
      }
      System.out.printf(Locale.ROOT,
          "recovery: %.1f s to load version %d (%,d rows) from snapshot %d + %d changelogs;"
              + " checkpoint holds %,d MiB%n",
          sec, version, rows, base, version - base, size(id.storeDirectory()) >> 20);
      printMemory("after recovery");
    }
  }

  private static byte[] key(KeyEncoder enc, long id) {
    return enc.encode(List.of(id % 1024, id));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void printMemory(String when) {
    NativeMemoryUsage m = StateStoreProviders.nativeMemory();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT,
        "memory %s: RSS %d MiB; heap used %d MiB; block cache %d / %d MiB (pinned %d MiB),"
            + " memtables %d MiB%n",
        when, rssKb() >> 10, (rt.totalMemory() - rt.freeMemory()) >> 20,
        m.blockCacheUsageBytes() >> 20, m.blockCacheCapacityBytes() >> 20,
        m.blockCachePinnedUsageBytes() >> 20, m.memtableBytes() >> 20);
  }

  private static long rssKb() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static List<Long> listVersions(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && !n.startsWith("."))
          .map(n -> Long.parseLong(n.substring(0, n.length() - suffix.length())))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static long size(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
  }
}
