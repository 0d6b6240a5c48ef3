package io.sluice.examples.wordcount;

import static io.sluice.api.types.DataTypes.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.connectors.MemorySink;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WordCountExampleTest {
  /** The rate source's schema. */
  static final StructType RATE = DataTypes.struct(field("timestamp", DataTypes.TIMESTAMP),
      field("value", DataTypes.LONG));

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  /** Rate rows with these values. */
  static Row[] rate(long fromInclusive, long toExclusive) {
    return LongStream.range(fromInclusive, toExclusive)
        .mapToObj(v -> Row.of(Instant.ofEpochSecond(v), v)).toArray(Row[]::new);
  }

  static Row w(String word, long count) {
    return Row.of(word, count);
  }

  @Test
  void theTextHasEighteenTokens() {
    assertThat(WordCountExample.TOKENS).hasSize(18).startsWith("To", "be,").endsWith("suffer");
  }

  @Test
  void everyBatchWritesTheWholeCountTableAndTheCountsSurviveARestart() {
    try (StreamTest t = StreamTest.builder(session).input("rate", RATE)
        .query(in -> WordCountExample.wordCounts(in.get("rate")))
        .outputMode(OutputMode.COMPLETE).checkpoint(dir).start()) {
      // "To be, or not to be: that is the question."
      t.addData(rate(0, 10));
      t.expectBatch(w("to", 2), w("be", 2), w("or", 1), w("not", 1), w("that", 1), w("is", 1), w("the", 1),
          w("question", 1));
      // "Whether 'tis nobler in the mind to suffer": complete mode repeats the unchanged words too.
      t.addData(rate(10, 18));
      t.expectBatch(w("to", 3), w("be", 2), w("or", 1), w("not", 1), w("that", 1), w("is", 1), w("the", 2),
          w("question", 1), w("whether", 1), w("'tis", 1), w("nobler", 1), w("in", 1), w("mind", 1),
          w("suffer", 1));
      t.restart();
      // The text starts over ("To be, or"); the counts come back from the checkpoint's state.
      t.addData(rate(18, 21));
      t.expectBatch(w("to", 4), w("be", 3), w("or", 2), w("not", 1), w("that", 1), w("is", 1), w("the", 2),
          w("question", 1), w("whether", 1), w("'tis", 1), w("nobler", 1), w("in", 1), w("mind", 1),
          w("suffer", 1));
    }
  }

  @Test
  void theRateSourceReadAvailableNowCountsEachWordOncePerPassOverTheText() throws Exception {
    StreamingQuery q = WordCountExample.wordCounts(session.readStream().format("rate")
            .option("startTimestamp", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli())
            .option("rowsPerSecond", 10)
            .option("totalRows", 54)                  // the text three times
            .option("maxRowsPerTrigger", 18)
            .load())
        .writeStream().format("memory").queryName("wordcount_test")
        .outputMode(OutputMode.COMPLETE).trigger(Trigger.availableNow())
        .option("checkpointLocation", dir.resolve("rate").toString())
        .start();
    try {
      q.awaitTermination();
      assertThat(q.recentProgress()).hasSize(3);
      List<Row> expected = new ArrayList<>();
      for (Row r : List.of(w("to", 3), w("be", 2), w("or", 1), w("not", 1), w("that", 1), w("is", 1),
          w("the", 2), w("question", 1), w("whether", 1), w("'tis", 1), w("nobler", 1), w("in", 1),
          w("mind", 1), w("suffer", 1))) {
        expected.add(Row.of(r.get(0), 3 * (Long) r.get(1)));
      }
      StreamTest.assertSameRows("word counts", expected, MemorySink.rows("wordcount_test"));
    } finally {
      MemorySink.clear("wordcount_test");
    }
  }
}
