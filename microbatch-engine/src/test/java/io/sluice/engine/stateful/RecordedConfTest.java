package io.sluice.engine.stateful;

import static io.sluice.api.Functions.count;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RecordedConfTest {
  static final StructType EVENTS = DataTypes.struct(field("k", DataTypes.STRING));
  @TempDir Path dir;

  private StreamTest start(StreamSession s, Row first) {
    return StreamTest.builder(s).input("e", EVENTS).addData("e", first)
        .query(in -> in.get("e").groupBy("k").agg(count().as("n")))
        .outputMode(OutputMode.COMPLETE).checkpoint(dir).start();
  }

  @Test
  void shufflePartitionsAndStateProviderRecordedInTheCheckpointWinOverTheSession() throws Exception {
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2)
            .config("sluice.state.provider", "memory").getOrCreate();
        StreamTest t = start(s, Row.of("a"))) {
      t.expectBatch(Row.of("a", 1L));
    }
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 5).getOrCreate();
        StreamTest t = start(s, Row.of("ignored"))) {
      t.addData(Row.of("a"), Row.of("b"));
      t.expectBatch(Row.of("a", 2L), Row.of("b", 1L));
      assertThat(t.query().lastProgress().stateOperators().get(0).numShufflePartitions()).isEqualTo(2);
    }
    try (var files = Files.list(dir.resolve("state/0"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0", "1", "_metadata");
    }
    assertThat(Files.readString(dir.resolve("offsets/1"))).contains("\"sluice.shuffle.partitions\":\"2\"")
        .contains("\"sluice.state.provider\":\"memory\"");
  }
}
