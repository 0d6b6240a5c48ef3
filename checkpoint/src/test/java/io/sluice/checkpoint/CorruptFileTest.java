package io.sluice.checkpoint;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CorruptFileTest {
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

  static Stream<Arguments> corruptOffsetFiles() {
    String meta = "{\"batchWatermarkMs\":0,\"batchTimestampMs\":0,\"conf\":{}}";
    return Stream.of(
        Arguments.of("", "the file is empty"),
        Arguments.of("garbage", "the first line should be the version 'v1', found 'garbage'"),
        Arguments.of("\u0000\u0001binary", "the first line should be the version 'v1'"),
        Arguments.of("v0\n" + meta + "\n", "unknown version 'v0'"),
        Arguments.of("v1\n", "line 2 (batch watermark, timestamp and conf) is missing"),
        Arguments.of("v1\n{\"batchWatermarkMs\":0,\"batch", "the file is truncated"),
        Arguments.of("v1\n{\"batchWatermarkMs\":0,\"batch\n", "line 2 is not valid JSON"),
        Arguments.of("v1\n" + meta + "\n{\"topic\":\n", "line 3 (offset of source 0) is neither JSON nor '-'"),
        Arguments.of("v1\n" + meta + "\n1\n\n", "line 4 (offset of source 1) is neither JSON nor '-'"),
        Arguments.of("v1\n[1]\n", "line 2 should be a JSON object"),
        Arguments.of("v1\n{\"batchTimestampMs\":0,\"conf\":{}}\n", "field 'batchWatermarkMs' is missing"),
        Arguments.of(
            "v1\n{\"batchWatermarkMs\":\"0\",\"batchTimestampMs\":0,\"conf\":{}}\n",
            "field 'batchWatermarkMs' should be a 64-bit integer"),
        Arguments.of(
            "v1\n{\"batchWatermarkMs\":1e3,\"batchTimestampMs\":0,\"conf\":{}}\n",
            "field 'batchWatermarkMs' should be a 64-bit integer"),
        Arguments.of(
            "v1\n{\"batchWatermarkMs\":99999999999999999999,\"batchTimestampMs\":0,\"conf\":{}}\n",
            "field 'batchWatermarkMs' should be a 64-bit integer"),
        Arguments.of("v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":0}\n", "field 'conf' should be a JSON object"),
        Arguments.of(
            "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":0,\"conf\":{\"k\":1}}\n",
            "conf value of 'k' should be a string"),
        Arguments.of(
            "v1\n{\"batchWatermarkMs\":0,\"batchWatermarkMs\":1,\"batchTimestampMs\":0,\"conf\":{}}\n",
            "line 2 is not valid JSON"),
        Arguments.of("v1\n" + meta + " trailing\n", "line 2 is not valid JSON"));
  }

  @ParameterizedTest
  @MethodSource("corruptOffsetFiles")
  void corruptOffsetFileFailsNamingTheFileAndTheProblem(String content, String problem) throws Exception {
    Path file = root.resolve("offsets/3");
    Files.writeString(file, content);

    assertThatThrownBy(() -> checkpoint.offsets().get(3))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("Checkpoint file " + file + " is corrupt: ")
        .hasMessageContaining(problem);
  }

  @Test
  void invalidUtf8FailsNamingTheFile() throws Exception {
    Path file = root.resolve("commits/0");
    Files.write(file, new byte[] {'v', '1', '\n', (byte) 0xC3, (byte) 0x28, '\n'});

    assertThatThrownBy(() -> checkpoint.commits().get(0))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not UTF-8");
  }

  @Test
  void fileFromANewerVersionAsksToUpgrade() throws Exception {
    Path file = root.resolve("commits/2");
    Files.writeString(file, "v9\n{\"nextBatchWatermarkMs\":0,\"somethingNew\":true}\n");

    assertThatThrownBy(() -> checkpoint.commits().get(2))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("was written by a newer version (v9)")
        .hasMessageContaining("upgrade or use a new checkpoint");
  }

  @Test
  void commitFileWithExtraLinesOrWrongFieldFailsNamingTheFile() throws Exception {
    Path extra = root.resolve("commits/0");
    Files.writeString(extra, "v1\n{\"nextBatchWatermarkMs\":0}\n{}\n");
    Path wrong = root.resolve("commits/1");
    Files.writeString(wrong, "v1\n{\"watermark\":0}\n");
    Path empty = root.resolve("commits/2");
    Files.writeString(empty, "");

    assertThatThrownBy(() -> checkpoint.commits().get(0)).hasMessageContaining(extra + " is corrupt: expected 2 lines");
    assertThatThrownBy(() -> checkpoint.commits().get(1))
        .hasMessageContaining(wrong + " is corrupt: field 'nextBatchWatermarkMs' is missing");
    assertThatThrownBy(() -> checkpoint.commits().get(2)).hasMessageContaining(empty + " is corrupt: the file is empty");
  }

  @Test
  void unknownFieldsAreIgnoredForwardCompatibly() throws Exception {
    Files.writeString(root.resolve("commits/0"), "v1\n{\"nextBatchWatermarkMs\":5,\"addedLater\":[1]}\n");

    org.assertj.core.api.Assertions.assertThat(checkpoint.commits().get(0)).contains(new CommitEntry(5));
  }

  @Test
  void corruptMetadataFailsNamingTheFile() throws Exception {
    Path file = root.resolve("metadata");
    for (String content : new String[] {"", "{\"id\":", "{\"id\":42}", "{}", "[]"}) {
      Files.writeString(file, content);
      assertThatThrownBy(() -> checkpoint.queryId(() -> "new"))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("Checkpoint file " + file + " is corrupt");
    }
  }
}
