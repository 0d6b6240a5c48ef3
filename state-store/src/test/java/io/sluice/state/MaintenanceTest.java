package io.sluice.state;

import static io.sluice.state.StoreTestSupport.b;
import static io.sluice.state.StoreTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import io.sluice.state.internal.RecordFileReader;
import io.sluice.state.internal.RecordKind;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MaintenanceTest {
  @TempDir Path checkpoint;
  @TempDir Path local;

  static Stream<String> providers() {
    return StoreTestSupport.providers();
  }

  private StateStoreConf conf(String provider, int minDeltas, int retain) {
    return StoreTestSupport.conf(provider, local)
        .with(StateStoreOptions.MIN_DELTAS_FOR_SNAPSHOT, minDeltas)
        .with(StateStoreOptions.MIN_BATCHES_TO_RETAIN, retain);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void maintenanceDeletesOnlyFilesNoRetainedVersionNeeds(String provider) throws IOException {
    StateStoreId id = new StateStoreId(checkpoint, 2, 0);
    StateStoreConf conf = conf(provider, 5, 10);
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      for (int v = 0; v < 37; v++) {
        StateStore s = p.getStore(v);
        for (int i = 0; i < 50; i++) {
          s.put(b("k" + (v * 7 + i) % 200), b("v" + v));
        }
        s.put(b("version"), b(Integer.toString(v + 1)));
        s.remove(b("k" + (v * 3) % 200));
        s.commit();
        p.doMaintenance();
      }
    }
    Path dir = id.storeDirectory();
    // Latest 37, keep 28..37 loadable: snapshot 25 is the base, older files go.
    assertThat(versions(dir, ".snapshot")).containsExactly(25L, 30L, 35L);
    assertThat(versions(dir, ".changelog"))
        .containsExactlyElementsOf(LongStream.rangeClosed(26, 37).boxed().toList());
    if (provider.equals(StateStoreOptions.ROCKSDB)) {
      Set<String> referenced = new HashSet<>();
      for (long v : new long[] {25, 30, 35}) {
        referenced.addAll(sharedFiles(dir.resolve(v + ".snapshot"), v));
      }
      try (Stream<Path> files = Files.list(dir.resolve("sst"))) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .containsExactlyInAnyOrderElementsOf(referenced);
      }
    }
    try (StateStoreProvider p = StateStoreProviders.open(id, conf)) {
      for (long v = 28; v <= 37; v++) {
        StateStore s = p.getStore(v);
        assertThat(s(s.get(b("version")))).isEqualTo(Long.toString(v));
        s.abort();
      }
      assertThatThrownBy(() -> p.getStore(20))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("[0, 25-37]");
    }
  }

  @Test
  void unchangedSstFilesAreSharedBetweenSnapshots() throws IOException {
    StateStoreId id = new StateStoreId(checkpoint, 3, 0);
    try (StateStoreProvider p =
        StateStoreProviders.open(id, conf(StateStoreOptions.ROCKSDB, 1, 100))) {
      StateStore s = p.getStore(0);
      for (int i = 0; i < 5000; i++) {
        s.put(b("key" + i), new byte[100]);
      }
      s.commit();
      p.doMaintenance();
      for (int v = 1; v < 3; v++) {
        StateStore next = p.getStore(v);
        next.put(b("small" + v), b("x"));
        next.commit();
        p.doMaintenance();
      }
    }
    Path dir = id.storeDirectory();
    Set<String> first = sstOnly(sharedFiles(dir.resolve("1.snapshot"), 1));
    Set<String> third = sstOnly(sharedFiles(dir.resolve("3.snapshot"), 3));
    assertThat(first).hasSize(1);
    assertThat(third).hasSize(3).containsAll(first);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void closingUploadsThePendingSnapshot(String provider) throws IOException {
    StateStoreId id = new StateStoreId(checkpoint, 4, 0);
    try (StateStoreProvider p = StateStoreProviders.open(id, conf(provider, 2, 100))) {
      for (int v = 0; v < 2; v++) {
        StateStore s = p.getStore(v);
        s.put(b("a"), b("" + v));
        s.commit();
      }
    }
    assertThat(versions(id.storeDirectory(), ".snapshot")).containsExactly(2L);
  }

  private static Set<String> sstOnly(Set<String> names) {
    Set<String> out = new TreeSet<>();
    names.stream().filter(n -> n.endsWith(".sst")).forEach(out::add);
    return out;
  }

  static Set<String> sharedFiles(Path snapshot, long version) {
    Set<String> names = new TreeSet<>();
    RecordFileReader.read(
        snapshot,
        RecordKind.ROCKSDB_SNAPSHOT,
        version,
        (op, a, bytes) -> names.add(new DataInputStream(new ByteArrayInputStream(bytes)).readUTF()));
    return names;
  }

  static TreeSet<Long> versions(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      TreeSet<Long> out = new TreeSet<>();
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && !n.startsWith("."))
          .forEach(n -> out.add(Long.parseLong(n.substring(0, n.length() - suffix.length()))));
      return out;
    }
  }
}
