package io.sluice.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random batches of puts, removes, gets, scans and aborts against a sorted-map model; then every
 * version is loaded from snapshots + changelogs, and again from changelogs alone, and must equal
 * the model.
 */
class ReplayEquivalenceTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path checkpoint;
  @TempDir Path local;

  static Stream<Arguments> cases() {
    return StoreTestSupport.providers()
        .flatMap(p -> Stream.of(11L, 22L, 33L).map(seed -> Arguments.of(p, seed)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("cases")
  void changelogReplayEqualsSnapshotLoadForRandomOperations(String provider, long seed)
      throws IOException {
    StateStoreConf conf =
        StoreTestSupport.conf(provider, local)
            .with(StateStoreOptions.MIN_DELTAS_FOR_SNAPSHOT, 4)
            .with(StateStoreOptions.MIN_BATCHES_TO_RETAIN, 1000);
    StateStoreId id = new StateStoreId(checkpoint, 7, (int) seed);
    Random random = new Random(seed);
    List<byte[]> keySpace = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] k = new byte[1 + random.nextInt(5)];
      random.nextBytes(k);
      keySpace.add(k);
    }
    List<TreeMap<byte[], byte[]>> history = new ArrayList<>();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    history.add(new TreeMap<>(model));
    int operations = 0;
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      for (int batch = 0; batch < 30; batch++) {
        long version = history.size() - 1;
        if (random.nextInt(8) == 0 && version > 0) {
          // reopen an older version, as after a failure, and continue from there
          version = random.nextInt((int) version + 1);
          while (history.size() > version + 1) {
            history.remove(history.size() - 1);
          }
          model = new TreeMap<>(history.get((int) version));
        }
        StateStore store = p.getStore(version);
        TreeMap<byte[], byte[]> working = new TreeMap<>(model);
        int ops = 100 + random.nextInt(100);
        for (int i = 0; i < ops; i++, operations++) {
          byte[] k = keySpace.get(random.nextInt(keySpace.size()));
          int op = random.nextInt(10);
          if (op < 5) {
            byte[] v = new byte[random.nextInt(20)];
            random.nextBytes(v);
            store.put(k, v);
            working.put(k, v);
          } else if (op < 8) {
            store.remove(k);
            working.remove(k);
          } else if (op < 9) {
            assertThat(store.get(k)).isEqualTo(working.get(k));
          } else {
            byte[] from = keySpace.get(random.nextInt(keySpace.size()));
            assertThat(entries(store.rangeScan(from, null)))
                .isEqualTo(render(working.tailMap(from, true)));
          }
        }
        assertThat(store.metrics().rows()).isEqualTo(working.size());
        if (random.nextInt(10) == 0) {
          store.abort();
        } else {
          store.commit();
          model = working;
          history.add(new TreeMap<>(model));
        }
        if (batch % 3 == 0) {
          p.doMaintenance();
        }
      }
      p.doMaintenance();
    }
    assertThat(operations).isGreaterThan(3000);

    try (StateStoreProvider withSnapshots = StateStoreProviders.open(id, conf)) {
      assertThat(withSnapshots.committedVersions().last()).isEqualTo(history.size() - 1);
      for (int v = history.size() - 1; v >= 0; v -= 1) {
        assertLoads(withSnapshots, v, history.get(v));
      }
    }
    try (Stream<Path> files = Files.list(id.storeDirectory())) {
      List<Path> snapshots =
          files.filter(f -> f.getFileName().toString().endsWith(".snapshot")).toList();
      assertThat(snapshots).isNotEmpty();
      for (Path s : snapshots) {
        Files.delete(s);
      }
    }
    try (StateStoreProvider changelogsOnly = StateStoreProviders.open(id, conf)) {
      for (int v = 0; v < history.size(); v++) {
        assertLoads(changelogsOnly, v, history.get(v));
      }
    }
  }

  private static void assertLoads(StateStoreProvider p, int version, Map<byte[], byte[]> expected) {
    StateStore s = p.getStore(version);
    assertThat(entries(s.iterator())).as("version %d", version).isEqualTo(render(expected));
    assertThat(s.metrics().rows()).as("rows of version %d", version).isEqualTo(expected.size());
    s.abort();
  }

  private static List<String> entries(StateIterator it) {
    List<String> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(e -> out.add(HEX.formatHex(e.key()) + "=" + HEX.formatHex(e.value())));
    }
    return out;
  }

  private static List<String> render(Map<byte[], byte[]> m) {
    List<String> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(HEX.formatHex(k) + "=" + HEX.formatHex(v)));
    return out;
  }
}
