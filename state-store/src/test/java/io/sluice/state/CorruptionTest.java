package io.sluice.state;

import static io.sluice.state.StoreTestSupport.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CorruptionTest {
  @TempDir Path checkpoint;
  @TempDir Path local;

  static Stream<String> providers() {
    return StoreTestSupport.providers();
  }

  private StateStoreId id() {
    return new StateStoreId(checkpoint, 5, 0);
  }

  private StateStoreConf conf(String provider) {
    return StoreTestSupport.conf(provider, local)
        .with(StateStoreOptions.MIN_DELTAS_FOR_SNAPSHOT, 2);
  }

  /** Commits versions 1..3; version 2 gets a snapshot. */
  private void writeThreeVersions(String provider) {
    try (StateStoreProvider p = StateStoreProviders.open(id(), conf(provider))) {
      for (int v = 0; v < 3; v++) {
        StateStore s = p.getStore(v);
        for (int i = 0; i < 200; i++) {
          s.put(b("key-" + v + "-" + i), b("value-" + i));
        }
        s.commit();
        p.doMaintenance();
      }
    }
  }

  private void assertLoadFails(String provider, long version, String fileNamePart) {
    try (StateStoreProvider p = StateStoreProviders.open(id(), conf(provider))) {
      assertThatThrownBy(() -> p.getStore(version))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining(fileNamePart)
          .hasMessageContaining("version " + version);
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aTruncatedChangelogIsReportedWithItsFileAndVersion(String provider) throws IOException {
    writeThreeVersions(provider);
    Path changelog = id().storeDirectory().resolve("3.changelog");
    try (FileChannel ch = FileChannel.open(changelog, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 30);
    }
    assertLoadFails(provider, 3, changelog.toString());
    try (StateStoreProvider p = StateStoreProviders.open(id(), conf(provider))) {
      assertThat(p.getStore(2).get(b("key-1-5"))).isEqualTo(b("value-5"));
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aFlippedByteInAChangelogIsReported(String provider) throws IOException {
    writeThreeVersions(provider);
    Path changelog = id().storeDirectory().resolve("3.changelog");
    flip(changelog, Files.size(changelog) / 2);
    assertLoadFails(provider, 3, "3.changelog");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aCorruptSnapshotFileIsReported(String provider) throws IOException {
    writeThreeVersions(provider);
    Path snapshot = id().storeDirectory().resolve("2.snapshot");
    flip(snapshot, Files.size(snapshot) - 10);
    assertLoadFails(provider, 2, "2.snapshot");
    assertLoadFails(provider, 3, "2.snapshot");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aSnapshotWithTheWrongFirstLineIsReported(String provider) throws IOException {
    writeThreeVersions(provider);
    Path snapshot = id().storeDirectory().resolve("2.snapshot");
    flip(snapshot, 2);
    assertLoadFails(provider, 2, "2.snapshot");
  }

  @Test
  void aCorruptSstFileIsReportedWithItsNameAndTheSnapshotVersion() throws IOException {
    writeThreeVersions(StateStoreOptions.ROCKSDB);
    Path sst = sstFiles().findFirst().orElseThrow();
    flip(sst, Files.size(sst) / 2);
    assertLoadFails(StateStoreOptions.ROCKSDB, 2, sst.getFileName().toString());
  }

  @Test
  void aMissingSstFileIsReported() throws IOException {
    writeThreeVersions(StateStoreOptions.ROCKSDB);
    Path sst = sstFiles().findFirst().orElseThrow();
    Files.delete(sst);
    try (StateStoreProvider p =
        StateStoreProviders.open(id(), conf(StateStoreOptions.ROCKSDB))) {
      assertThatThrownBy(() -> p.getStore(2))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining(sst.getFileName().toString())
          .hasMessageContaining("missing");
    }
  }

  @Test
  void aSnapshotOfTheOtherProviderNamesTheOptionToSet() {
    writeThreeVersions(StateStoreOptions.ROCKSDB);
    try (StateStoreProvider p =
        StateStoreProviders.open(id(), conf(StateStoreOptions.MEMORY))) {
      assertThatThrownBy(() -> p.getStore(2))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("sluice.state.provider");
    }
  }

  @ParameterizedTest
  @MethodSource("providers")
  void aMissingChangelogIsNamed(String provider) throws IOException {
    writeThreeVersions(provider);
    Files.delete(id().storeDirectory().resolve("2.snapshot"));
    Files.delete(id().storeDirectory().resolve("2.changelog"));
    try (StateStoreProvider p = StateStoreProviders.open(id(), conf(provider))) {
      assertThatThrownBy(() -> p.getStore(3))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("2.changelog")
          .hasMessageContaining("missing");
    }
  }

  private Stream<Path> sstFiles() throws IOException {
    try (Stream<Path> s = Files.list(id().storeDirectory().resolve("sst"))) {
      return s.filter(f -> f.getFileName().toString().endsWith(".sst")).toList().stream();
    }
  }

  private static void flip(Path file, long position) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      ch.read(one, position);
      one.flip();
      byte b = one.get();
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (b ^ 0x5A)}), position);
    }
  }
}
