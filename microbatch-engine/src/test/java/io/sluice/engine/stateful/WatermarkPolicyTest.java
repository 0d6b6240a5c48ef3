package io.sluice.engine.stateful;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.window;
import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WatermarkPolicyTest {
  static final StructType EVENTS = DataTypes.struct(field("id", DataTypes.STRING), field("ts", DataTypes.TIMESTAMP));
  @TempDir Path dir;

  static Row e(String id, int sec) {
    return Row.of(id, Instant.ofEpochSecond(sec));
  }

  static Row w(int start, int end, long n) {
    return Row.of(Row.of(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end)), n);
  }

  /** Starts with both inputs' first rows in the first batch, so both inputs have a watermark. */
  private StreamTest start(StreamSession s, Path checkpoint, Row fast, Row slow) {
    return StreamTest.builder(s).input("fast", EVENTS).input("slow", EVENTS)
        .addData("fast", fast).addData("slow", slow)
        .query(in -> in.get("fast").withWatermark("ts", "0 seconds")
            .union(in.get("slow").withWatermark("ts", "0 seconds"))
            .groupBy(window(col("ts"), "10 seconds")).agg(count().as("n")))
        .outputMode(OutputMode.APPEND).checkpoint(checkpoint).start();
  }

  @Test
  void minPolicyWaitsForTheSlowestInput() {
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate();
        StreamTest t = start(s, dir, e("f", 100), e("s", 20))) {
      t.expectBatch(); // watermark min(100, 20) = 20: nothing closes yet
      t.addData("slow", e("s", 45));          // not late for the min policy
      t.expectBatch(w(20, 30, 1));             // watermark now min(100, 45) = 45: [20,30) closes
      assertThat(t.query().lastProgress().eventTime()).containsEntry("watermark", Instant.ofEpochSecond(45).toString());
      t.addData("slow", e("s", 200));
      t.expectBatch(w(40, 50, 1));             // watermark min(100, 200) = 100
      assertThat(t.query().recentProgress().stream()
          .mapToLong(p -> p.stateOperators().get(0).numRowsDroppedByWatermark()).sum()).isZero();
    }
  }

  @Test
  void maxPolicyFollowsTheFastestInputAndDropsTheSlowOnesRowsAsLate() {
    try (StreamSession s = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2)
            .config(EngineOptions.MULTIPLE_WATERMARK_POLICY, "max").getOrCreate();
        StreamTest t = start(s, dir, e("f", 100), e("s", 20))) {
      t.expectBatch(w(20, 30, 1));             // watermark max(100, 20) = 100 in the no-data batch
      t.addData("slow", e("s", 45));           // late: 45 ≤ 100
      t.expectBatch();
      assertThat(t.query().recentProgress().stream()
          .mapToLong(p -> p.stateOperators().get(0).numRowsDroppedByWatermark()).sum()).isEqualTo(1);
    }
  }

  @Test
  void thePolicyRecordedInTheCheckpointWinsOnRestart() {
    try (StreamSession s = StreamSession.builder().config(EngineOptions.MULTIPLE_WATERMARK_POLICY, "max").getOrCreate();
        StreamTest t = start(s, dir, e("f", 1), e("s", 2))) {
      t.processAllAvailable();
    }
    try (StreamSession s = StreamSession.builder().getOrCreate();
        // New memory streams: their first chunks count as already read by the checkpoint.
        StreamTest t = start(s, dir, e("ignored", 0), e("ignored", 0))) {
      t.addData("slow", e("s", 20));
      t.addData("fast", e("f", 100));
      // Still max (watermark 100), though this session asked for the default min (which gives 20).
      t.expectBatch(w(0, 10, 2), w(20, 30, 1));
    }
  }
}
