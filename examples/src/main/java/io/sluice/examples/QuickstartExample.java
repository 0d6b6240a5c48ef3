package io.sluice.examples;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.concat;
import static io.sluice.api.Functions.currentTimestamp;
import static io.sluice.api.Functions.lit;
import static io.sluice.api.Functions.when;

import io.sluice.api.OutputMode;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;

/**
 * The first query to run: a generated stream (the {@code rate} source) through a filter and a
 * projection to the console, with a checkpoint, triggered available-now: it reads the rows
 * available at start in rate-limited batches and ends by itself. Run it again and it resumes from
 * the checkpoint (and, the generator being exhausted, ends at once).
 *
 * <p>Arguments: {@code [checkpointDir] [totalRows] [rowsPerTrigger]}.
 */
public final class QuickstartExample {
  private QuickstartExample() {}

  /**
   * Runs the example.
   *
   * @param args optional checkpoint directory, total rows, rows per trigger
   * @throws Exception if the query fails
   */
  public static void main(String[] args) throws Exception {
    Path checkpoint = Paths.get(args.length > 0 ? args[0] : "data/checkpoints/quickstart");
    long totalRows = args.length > 1 ? Long.parseLong(args[1]) : 100;
    long rowsPerTrigger = args.length > 2 ? Long.parseLong(args[2]) : 25;

    try (StreamSession session = StreamSession.builder().appName("quickstart").getOrCreate()) {
      StreamingQuery query = session.readStream()
          .format("rate")
          // A start in the past makes every row due at once, so an available-now run reads them all.
          .option("startTimestamp", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli())
          .option("rowsPerSecond", 10)
          .option("totalRows", totalRows)
          .option("maxRowsPerTrigger", rowsPerTrigger)
          .option("numPartitions", 2)
          .load()
          .filter(col("value").mod(3).equalTo(0))
          .select(
              concat(lit("order-"), col("value").cast("string")).as("order_id"),
              col("timestamp").as("created_at"),
              when(col("value").mod(2).equalTo(0), lit("even")).otherwise(lit("odd")).as("parity"),
              col("value").multiply(1.5).as("amount"),
              currentTimestamp().as("batch_time"))
          .writeStream()
          .queryName("quickstart")
          .format("console")
          .option("numRows", "5")
          .option("truncate", "false")
          .outputMode(OutputMode.APPEND)
          .trigger(Trigger.availableNow())
          .option("checkpointLocation", checkpoint.toString())
          .start();
      query.awaitTermination();
      long rows = query.recentProgress().stream().mapToLong(p -> p.numInputRows()).sum();
      System.out.println("Read " + rows + " generated rows in " + query.recentProgress().size()
          + " batches; checkpoint: " + checkpoint + " (run again: it resumes and finds nothing new)");
      if (query.lastProgress() != null) {
        System.out.println("Last progress:\n" + query.lastProgress().prettyJson());
      }
    }
  }
}
