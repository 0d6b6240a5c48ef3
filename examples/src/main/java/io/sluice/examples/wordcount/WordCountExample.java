package io.sluice.examples.wordcount;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.lower;
import static io.sluice.api.Functions.regexpReplace;
import static io.sluice.api.Functions.when;

import io.sluice.api.Column;
import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;

/**
 * Streaming word count: the "hello world" of stateful streaming. The {@code rate} source generates
 * rows {@code (timestamp, value)}; row {@code value} stands for the token at position
 * {@code value % n} of a fixed text, so the stream reads the text over and over, one token per row
 * (Sluice has no {@code explode}, so one row carries one word). Tokens are normalized (lower case,
 * punctuation removed), then {@code groupBy("word").agg(count())} keeps a running count per word in
 * the state store, and every batch prints the whole result table (complete mode) to the console.
 *
 * <p>The trigger is available-now with a bounded {@code totalRows} and a start in the past, so the
 * run reads every generated row in rate-limited batches and ends by itself. Run it again with the
 * same checkpoint and it resumes (the counts are restored from the checkpoint, nothing new to read).
 *
 * <p>Arguments: {@code [checkpointDir] [totalRows] [rowsPerTrigger]}.
 */
public final class WordCountExample {
  /** The text the stream reads, token by token. */
  public static final List<String> TOKENS = List.of(("To be, or not to be: that is the question. "
      + "Whether 'tis nobler in the mind to suffer").split(" "));

  private WordCountExample() {}

  /**
   * The token a rate row stands for: {@code TOKENS[value % n]}, as a {@code CASE WHEN} over the
   * positions (there is no array-indexing function).
   *
   * @param value a bigint column
   * @return the token, a string column
   */
  public static Column tokenAt(Column value) {
    Column position = value.mod((long) TOKENS.size());
    Column token = when(position.equalTo(0L), TOKENS.get(0));
    for (int i = 1; i < TOKENS.size(); i++) {
      token = token.when(position.equalTo((long) i), TOKENS.get(i));
    }
    return token;
  }

  /**
   * The query: words of the rate rows, counted.
   *
   * @param rateRows rows with a bigint {@code value} (the {@code rate} source's schema)
   * @return {@code (word string, count bigint)}, one row per word seen (complete mode)
   */
  public static DataFrame wordCounts(DataFrame rateRows) {
    return rateRows
        .select(tokenAt(col("value")).as("token"))
        // "Be:" and "be," are the same word; "'tis" keeps its apostrophe.
        .select(lower(regexpReplace(col("token"), "[^\\p{L}']", "")).as("word"))
        .filter(col("word").notEqual(""))
        .groupBy("word")
        .agg(count().as("count"));
  }

  /**
   * Runs the example.
   *
   * @param args optional checkpoint directory, total rows, rows per trigger
   * @throws Exception if the query fails
   */
  public static void main(String[] args) throws Exception {
    Path checkpoint = Paths.get(args.length > 0 ? args[0] : "data/checkpoints/wordcount");
    long totalRows = args.length > 1 ? Long.parseLong(args[1]) : 3 * TOKENS.size();
    long rowsPerTrigger = args.length > 2 ? Long.parseLong(args[2]) : TOKENS.size();

    try (StreamSession session = StreamSession.builder().appName("wordcount").getOrCreate()) {
      DataFrame rate = session.readStream()
          .format("rate")
          // A start in the past makes every row due at once, so an available-now run reads them all.
          .option("startTimestamp", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli())
          .option("rowsPerSecond", 10)
          .option("totalRows", totalRows)
          .option("maxRowsPerTrigger", rowsPerTrigger)
          .load();
      StreamingQuery query = wordCounts(rate)
          .writeStream()
          .queryName("wordcount")
          .format("console")
          .option("numRows", "100")
          .option("truncate", "false")
          .outputMode(OutputMode.COMPLETE)
          .trigger(Trigger.availableNow())
          .option("checkpointLocation", checkpoint.toString())
          .start();
      query.awaitTermination();
      long rows = query.recentProgress().stream().mapToLong(p -> p.numInputRows()).sum();
      System.out.println("Counted the words of " + rows + " generated rows in " + query.recentProgress().size()
          + " batches; checkpoint: " + checkpoint + " (run again: the counts are restored, nothing new is read)");
    }
  }
}
