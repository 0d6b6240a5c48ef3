package io.sluice.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

final class StoreTestSupport {
  private StoreTestSupport() {}

  static Stream<String> providers() {
    return Stream.of(StateStoreOptions.ROCKSDB, StateStoreOptions.MEMORY);
  }

  static StateStoreConf conf(String provider, Path localDir) {
    return StateStoreConf.defaults()
        .with(StateStoreOptions.PROVIDER, provider)
        .with(StateStoreOptions.LOCAL_DIR, localDir.toString())
        // Tests run maintenance explicitly; keep the background task out of the way.
        .with(StateStoreOptions.MAINTENANCE_INTERVAL, Duration.ofHours(1))
        .with(StateStoreOptions.BLOCK_CACHE_SIZE_BYTES, 64L << 20)
        .with(StateStoreOptions.WRITE_BUFFER_MANAGER_BYTES, 32L << 20)
        .with(StateStoreOptions.WRITE_BUFFER_SIZE_BYTES, 1L << 20);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static Map<String, String> contents(StateStore store) {
    Map<String, String> m = new TreeMap<>();
    try (StateIterator it = store.iterator()) {
      it.forEachRemaining(e -> m.put(s(e.key()), s(e.value())));
    }
    return m;
  }

  static List<String> keys(StateIterator it) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(e -> out.add(s(e.key())));
    }
    return out;
  }
}
