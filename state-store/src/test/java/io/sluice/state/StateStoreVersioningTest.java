package io.sluice.state;

import static io.sluice.state.StoreTestSupport.b;
import static io.sluice.state.StoreTestSupport.contents;
import static io.sluice.state.StoreTestSupport.keys;
import static io.sluice.state.StoreTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StateStoreVersioningTest {
  @TempDir Path checkpoint;
  @TempDir Path local;

  private StateStoreProvider open(String provider, int partition) {
    return StateStoreProviders.open(
        new StateStoreId(checkpoint, 1, partition), StoreTestSupport.conf(provider, local));
  }

  static java.util.stream.Stream<String> providers() {
    return StoreTestSupport.providers();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void versionZeroIsTheEmptyStore(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore store = p.getStore(0);
      assertThat(store.get(b("a"))).isNull();
      assertThat(contents(store)).isEmpty();
      assertThat(store.metrics().rows()).isZero();
      store.abort();
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void putIfAbsentWritesOnlyNewKeysAndRemoveExistingKeepsCountsAndChangelogsRight(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore v0 = p.getStore(0);
      v0.put(b("a"), b("1"));
      assertThat(v0.putIfAbsent(b("a"), b("x"))).isFalse();
      assertThat(v0.putIfAbsent(b("b"), b("2"))).isTrue();
      assertThat(v0.putIfAbsent(b("b"), b("y"))).isFalse();
      assertThat(contents(v0)).isEqualTo(Map.of("a", "1", "b", "2"));
      assertThat(v0.metrics().rows()).isEqualTo(2);
      v0.commit();

      StateStore v1 = p.getStore(1);
      v1.removeExisting(b("a"));
      assertThat(v1.putIfAbsent(b("a"), b("3"))).isTrue();
      v1.removeExisting(b("b"));
      assertThat(v1.metrics().rows()).isEqualTo(1);
      v1.commit();
    }
    // Replayed from the changelogs by a fresh provider: the same contents.
    try (StateStoreProvider fresh = open(provider, 0)) {
      StateStore v2 = fresh.getStore(2);
      assertThat(contents(v2)).isEqualTo(Map.of("a", "3"));
      assertThat(v2.metrics().rows()).isEqualTo(1);
      v2.abort();
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void reopeningOlderVersionSeesItsOwnData(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore v0 = p.getStore(0);
      v0.put(b("a"), b("1"));
      v0.put(b("b"), b("2"));
      assertThat(v0.commit()).isEqualTo(1);

      StateStore v1 = p.getStore(1);
      v1.put(b("a"), b("10"));
      v1.remove(b("b"));
      v1.put(b("c"), b("3"));
      assertThat(v1.commit()).isEqualTo(2);

      StateStore again1 = p.getStore(1);
      assertThat(contents(again1)).isEqualTo(Map.of("a", "1", "b", "2"));
      assertThat(again1.metrics().rows()).isEqualTo(2);
      again1.abort();

      StateStore again2 = p.getStore(2);
      assertThat(contents(again2)).isEqualTo(Map.of("a", "10", "c", "3"));
      again2.abort();

      StateStore again0 = p.getStore(0);
      assertThat(contents(again0)).isEmpty();
      again0.abort();
    }
    try (StateStoreProvider fresh = open(provider, 0)) {
      StateStore v2 = fresh.getStore(2);
      assertThat(contents(v2)).isEqualTo(Map.of("a", "10", "c", "3"));
      assertThat(v2.metrics().rows()).isEqualTo(2);
      v2.abort();
      assertThat(fresh.committedVersions()).containsExactly(0L, 1L, 2L);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void abortLeavesTheStoreAtTheVersionItWasOpenedAt(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore v0 = p.getStore(0);
      v0.put(b("a"), b("1"));
      v0.commit();

      StateStore v1 = p.getStore(1);
      v1.put(b("a"), b("changed"));
      v1.put(b("b"), b("new"));
      v1.remove(b("a"));
      v1.abort();

      StateStore again = p.getStore(1);
      assertThat(contents(again)).isEqualTo(Map.of("a", "1"));
      assertThat(again.metrics().rows()).isEqualTo(1);
      again.put(b("c"), b("3"));
      assertThat(again.commit()).isEqualTo(2);
      assertThat(p.committedVersions()).containsExactly(0L, 1L, 2L);

      StateStore v2 = p.getStore(2);
      assertThat(contents(v2)).isEqualTo(Map.of("a", "1", "c", "3"));
      v2.abort();
    }
    assertThat(leftoverTempFiles()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("providers")
  void closingTheStoreWithoutCommitAborts(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      try (StateStore s = p.getStore(0)) {
        s.put(b("a"), b("1"));
      }
      StateStore s = p.getStore(0);
      assertThat(s.get(b("a"))).isNull();
      assertThatThrownBy(() -> p.getStore(1)).isInstanceOf(IllegalStateException.class);
      s.abort();
      assertThatThrownBy(() -> p.getStore(1))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("never committed");
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void openingAVersionThatWasNeverCommittedNamesTheDirectoryAndTheVersionsThatExist(
      String provider) {
    try (StateStoreProvider p = open(provider, 3)) {
      for (int v = 0; v < 3; v++) {
        StateStore s = p.getStore(v);
        s.put(b("k" + v), b("v"));
        s.commit();
      }
      assertThatThrownBy(() -> p.getStore(7))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("version 7")
          .hasMessageContaining(checkpoint.resolve("state/1/3").toString())
          .hasMessageContaining("[0-3]");
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void usingACommittedStoreFails(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore s = p.getStore(0);
      s.commit();
      assertThatThrownBy(() -> s.put(b("a"), b("1"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(s::commit).isInstanceOf(IllegalStateException.class);
      s.abort();
      assertThat(p.getStore(1).get(b("a"))).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void scansFollowUnsignedByteOrderAndRespectBounds(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore s = p.getStore(0);
      byte[][] keys = {{0x01}, {0x7F}, {(byte) 0x80}, {(byte) 0xFF}, {0x10, 0x00}, {0x10, 0x01},
          {0x10, (byte) 0xFF}, {0x11}};
      for (byte[] k : keys) {
        s.put(k, k);
      }
      s.commit();
      for (int round = 0; round < 2; round++) {
        // round 1 checks scans merging committed data with the open batch's writes
        StateStore st = p.getStore(1 + round);
        if (round == 1) {
          st.put(new byte[] {0x10, 0x02}, new byte[] {1});
          st.remove(new byte[] {0x10, 0x01});
        }
        List<byte[]> all = new ArrayList<>();
        try (StateIterator it = st.iterator()) {
          it.forEachRemaining(e -> all.add(e.key()));
        }
        for (int i = 1; i < all.size(); i++) {
          assertThat(java.util.Arrays.compareUnsigned(all.get(i - 1), all.get(i))).isNegative();
        }
        assertThat(all.get(all.size() - 1)).containsExactly(0xFF);
        List<byte[]> prefixed = new ArrayList<>();
        try (StateIterator it = st.prefixScan(new byte[] {0x10})) {
          it.forEachRemaining(e -> prefixed.add(e.key()));
        }
        assertThat(prefixed).hasSize(3);
        List<byte[]> range = new ArrayList<>();
        try (StateIterator it = st.rangeScan(new byte[] {0x7F}, new byte[] {(byte) 0xFF})) {
          it.forEachRemaining(e -> range.add(e.key()));
        }
        assertThat(range).extracting(k -> k[0]).containsExactly((byte) 0x7F, (byte) 0x80);
        st.commit();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void anIteratorIsNotDisturbedByRemovalsWhileIterating(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore s = p.getStore(0);
      for (int i = 0; i < 100; i++) {
        s.put(b(String.format("k%03d", i)), b("v"));
      }
      s.commit();
      StateStore st = p.getStore(1);
      st.put(b("k050x"), b("batch"));
      int seen = 0;
      try (StateIterator it = st.rangeScan(null, b("k060"))) {
        while (it.hasNext()) {
          st.remove(it.next().key());
          seen++;
        }
      }
      assertThat(seen).isEqualTo(61);
      assertThat(keys(st.iterator())).first().isEqualTo("k060");
      assertThat(st.metrics().rows()).isEqualTo(40);
      st.commit();
      StateStore v2 = p.getStore(2);
      assertThat(v2.metrics().rows()).isEqualTo(40);
      v2.abort();
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void iteratorsAreClosedByCommit(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore s = p.getStore(0);
      s.put(b("a"), b("1"));
      StateIterator it = s.iterator();
      s.commit();
      assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void metricsCountTheBatch(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      StateStore s = p.getStore(0);
      s.put(b("a"), b("1"));
      s.put(b("a"), b("2"));
      s.put(b("b"), b("1"));
      s.remove(b("b"));
      s.remove(b("zz"));
      s.get(b("a"));
      StateStoreMetrics m = s.metrics();
      assertThat(m.rows()).isEqualTo(1);
      assertThat(m.updates()).isEqualTo(3);
      assertThat(m.removals()).isEqualTo(2);
      assertThat(m.keysRead()).isEqualTo(1);
      assertThat(m.memoryBytes()).isPositive();
      s.commit();
      assertThat(s.metrics().commitTime()).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void reCommittingAVersionReplacesItAndDropsNewerVersions(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      for (int v = 0; v < 4; v++) {
        StateStore s = p.getStore(v);
        s.put(b("k"), b("run1-" + v));
        s.commit();
      }
      StateStore replay = p.getStore(2);
      replay.put(b("k"), b("run2"));
      assertThat(replay.commit()).isEqualTo(3);
      assertThat(p.committedVersions()).containsExactly(0L, 1L, 2L, 3L);
      StateStore v3 = p.getStore(3);
      assertThat(s(v3.get(b("k")))).isEqualTo("run2");
      v3.abort();
    }
    try (StateStoreProvider fresh = open(provider, 0)) {
      assertThat(s(fresh.getStore(3).get(b("k")))).isEqualTo("run2");
      assertThatThrownBy(() -> fresh.getStore(4)).isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aSecondProviderForTheSameStoreIsRejected(String provider) {
    try (StateStoreProvider p = open(provider, 0)) {
      assertThat(p.id().partition()).isZero();
      assertThatThrownBy(() -> open(provider, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open");
    }
    open(provider, 0).close();
  }

  private List<Path> leftoverTempFiles() {
    try (var walk = Files.walk(checkpoint)) {
      return walk.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
