package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsTest {
  @TempDir Path root;
  Checkpoint checkpoint;

  @BeforeEach
  void open() {
    checkpoint = Checkpoint.open(root);
  }

  @AfterEach
  void close() {
    checkpoint.close();
  }

  @Test
  void offsetEntryRoundTripsWithConfAndNullSourceOffsets() {
    OffsetEntry entry =
        new OffsetEntry(
            1_000L,
            1_700_000_000_123L,
            Map.of("sluice.shuffle.partitions", "8", "sluice.state.provider", "rocksdb"),
            Arrays.asList("{\"topic\":{\"0\":42,\"1\":7}}", null, "17"));

    checkpoint.offsets().write(3, entry);

    assertThat(checkpoint.offsets().get(3)).contains(entry);
    assertThat(checkpoint.offsets().get(3).orElseThrow().sourceOffsets()).containsExactly(
        "{\"topic\":{\"0\":42,\"1\":7}}", null, "17");
  }

  @Test
  void offsetFileHasVersionLineMetadataLineAndOneLinePerSource() throws Exception {
    checkpoint
        .offsets()
        .write(0, new OffsetEntry(5, 6, Map.of("b", "2", "a", "1"), Arrays.asList("{\"o\":1}", null)));

    assertThat(Files.readString(root.resolve("offsets/0")))
        .isEqualTo(
            "v1\n"
                + "{\"batchWatermarkMs\":5,\"batchTimestampMs\":6,\"conf\":{\"a\":\"1\",\"b\":\"2\"}}\n"
                + "{\"o\":1}\n"
                + "-\n");
  }

  @Test
  void offsetEntryWithNoSourcesAndEmptyConfRoundTrips() {
    OffsetEntry entry = new OffsetEntry(0, 0, Map.of(), List.of());
    checkpoint.offsets().write(0, entry);
    assertThat(checkpoint.offsets().get(0)).contains(entry);
  }

  @Test
  void multiLineSourceOffsetIsStoredOnOneLineAsTheSameJsonValue() {
    checkpoint.offsets().write(0, new OffsetEntry(0, 0, Map.of(), List.of("{\n  \"p\": 1.50\n}", "\"-\"")));

    assertThat(checkpoint.offsets().get(0).orElseThrow().sourceOffsets())
        .containsExactly("{   \"p\": 1.50 }", "\"-\"");
  }

  @Test
  void sourceOffsetThatIsNotJsonIsRejectedBeforeAnythingIsWritten() {
    for (String bad : List.of("-", "", "{\"a\":", "1 2")) {
      assertThatThrownBy(
              () -> checkpoint.offsets().write(0, new OffsetEntry(0, 0, Map.of(), List.of("{}", bad))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("source 1");
    }
    assertThat(checkpoint.offsets().latestBatchId()).isEmpty();
  }

  @Test
  void commitEntryRoundTrips() throws Exception {
    checkpoint.commits().write(7, new CommitEntry(-1L));
    checkpoint.commits().write(8, new CommitEntry(Long.MAX_VALUE));

    assertThat(checkpoint.commits().get(7)).contains(new CommitEntry(-1L));
    assertThat(checkpoint.commits().get(8)).contains(new CommitEntry(Long.MAX_VALUE));
    assertThat(Files.readString(root.resolve("commits/7"))).isEqualTo("v1\n{\"nextBatchWatermarkMs\":-1}\n");
  }

  @Test
  void getOfMissingBatchIsEmpty() {
    checkpoint.offsets().write(0, new OffsetEntry(0, 0, Map.of(), List.of()));

    assertThat(checkpoint.offsets().get(1)).isEmpty();
    assertThat(checkpoint.offsets().get(-1)).isEmpty();
    assertThat(checkpoint.commits().get(0)).isEmpty();
  }

  @Test
  void latestBatchIdIsTheHighestWrittenNumerically() {
    assertThat(checkpoint.offsets().latestBatchId()).isEmpty();
    assertThat(checkpoint.commits().latestBatchId()).isEmpty();

    for (long id : new long[] {0, 2, 9, 10}) {
      checkpoint.offsets().write(id, new OffsetEntry(0, 0, Map.of(), List.of()));
    }
    checkpoint.commits().write(9, new CommitEntry(0));

    assertThat(checkpoint.offsets().latestBatchId()).hasValue(10);
    assertThat(checkpoint.offsets().batchIds()).containsExactly(0L, 2L, 9L, 10L);
    assertThat(checkpoint.commits().latestBatchId()).hasValue(9);
  }

  @Test
  void filesThatAreNotCanonicalBatchIdsAreIgnoredWhenListing() throws Exception {
    checkpoint.commits().write(1, new CommitEntry(0));
    Path dir = root.resolve("commits");
    for (String name : List.of("007", "+5", "12.bak", "99~", ".3.abc.tmp", "-1", "99999999999999999999")) {
      Files.writeString(dir.resolve(name), "v1\n{\"nextBatchWatermarkMs\":0}\n");
    }
    Files.createDirectory(dir.resolve("20"));

    assertThat(checkpoint.commits().batchIds()).containsExactly(1L);
    assertThat(checkpoint.commits().get(7)).isEmpty();
  }

  @Test
  void writingAnExistingBatchFailsAndKeepsTheFirstEntry() {
    OffsetEntry first = new OffsetEntry(1, 1, Map.of(), List.of("1"));
    checkpoint.offsets().write(4, first);

    assertThatThrownBy(() -> checkpoint.offsets().write(4, first.withBatchTimestampMs(2)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("batch 4 was already written by another writer")
        .hasMessageContaining("another query")
        .hasMessageContaining(root.resolve("offsets").resolve("4").toString());
    assertThatThrownBy(() -> {
          checkpoint.commits().write(4, new CommitEntry(0));
          checkpoint.commits().write(4, new CommitEntry(0));
        })
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("another query");

    assertThat(checkpoint.offsets().get(4)).contains(first);
  }

  @Test
  void negativeBatchIdCannotBeWritten() {
    assertThatThrownBy(() -> checkpoint.commits().write(-1, new CommitEntry(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entriesAreImmutableCopies() {
    List<String> offsets = new java.util.ArrayList<>(List.of("1"));
    OffsetEntry entry = new OffsetEntry(0, 0, new java.util.HashMap<>(Map.of("k", "v")), offsets);
    offsets.add("2");

    assertThat(entry.sourceOffsets()).containsExactly("1");
    assertThatThrownBy(() -> entry.conf().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new OffsetEntry(0, 0, null, List.of())).isInstanceOf(NullPointerException.class);
  }

  @Test
  void nonAsciiConfAndOffsetsRoundTrip() {
    OffsetEntry entry = new OffsetEntry(0, 0, Map.of("name", "écluse ✓"), List.of("{\"path\":\"/données/fichier\"}"));
    checkpoint.offsets().write(0, entry);
    assertThat(checkpoint.offsets().get(0)).contains(entry);
  }
}
