package io.sluice.examples.sessions;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.collectList;
import static io.sluice.api.Functions.count;
import static io.sluice.api.Functions.sessionWindow;

import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.connectors.MemoryStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Sessionization: click events {@code (user, ts, page)} are grouped into per-user sessions that end
 * after 30 seconds without a click ({@code sessionWindow(ts, "30 seconds")}), with a watermark 10
 * seconds behind the latest event time. In append mode a session is written once, when the
 * watermark passes its end, with its click count and the pages in event-time order; a late click
 * that bridges two open sessions merges them into one.
 *
 * <p>{@code main} generates a few minutes of clicks for four users, feeds them minute by minute
 * into a memory stream (one micro-batch each) and prints the sessions each batch closes (with
 * {@code foreachBatch}; {@code format("console")} works too, but prints every empty batch). Sessions
 * still open when the input ends stay in the state store: a streaming query cannot know no more
 * clicks will come.
 *
 * <p>Arguments: {@code [minutes] [seed]}.
 */
public final class SessionizationExample {
  /** The click events' schema. */
  public static final StructType CLICKS = DataTypes.struct(
      DataTypes.field("user", DataTypes.STRING),
      DataTypes.field("ts", DataTypes.TIMESTAMP),
      DataTypes.field("page", DataTypes.STRING));
  /** A session ends after this long without a click. */
  public static final String GAP = "30 seconds";
  /** How far the watermark stays behind the latest event time. */
  public static final String WATERMARK_DELAY = "10 seconds";
  /** Pages users click on. */
  public static final List<String> PAGES = List.of("home", "search", "product", "cart", "checkout", "help");
  /** Users of the generated clicks. */
  public static final List<String> USERS = List.of("ann", "bob", "cai", "dee");

  private SessionizationExample() {}

  /**
   * The query: sessions per user.
   *
   * @param clicks rows of {@link #CLICKS}
   * @return {@code (user, session_start, session_end, clicks, pages)}, in append mode one row per
   *     session once the watermark passes its end
   */
  public static DataFrame sessions(DataFrame clicks) {
    return clicks
        .withWatermark("ts", WATERMARK_DELAY)
        .groupBy(sessionWindow(col("ts"), GAP), col("user"))
        .agg(count().as("clicks"), collectList(col("page")).as("pages"))
        .select(col("user"), col("session_window.start").as("session_start"),
            col("session_window.end").as("session_end"), col("clicks"), col("pages"));
  }

  /**
   * Generates clicks, deterministically: each user makes visits of 2 to 6 clicks 3 to 25 seconds
   * apart, separated by pauses of 40 to 180 seconds (longer than the session gap).
   *
   * @param seed the random seed
   * @param start the event time the clicks start at
   * @param seconds how many seconds of clicks
   * @return the clicks, ordered by event time
   */
  public static List<Row> generateClicks(long seed, Instant start, int seconds) {
    Random random = new Random(seed);
    List<Row> clicks = new ArrayList<>();
    for (String user : USERS) {
      long t = random.nextInt(20);
      while (t < seconds) {
        int n = 2 + random.nextInt(5);
        for (int i = 0; i < n && t < seconds; i++) {
          clicks.add(Row.of(user, start.plusSeconds(t), PAGES.get(random.nextInt(PAGES.size()))));
          t += 3 + random.nextInt(23);
        }
        t += 40 + random.nextInt(141);
      }
    }
    clicks.sort(Comparator.comparing((Row r) -> (Instant) r.get(1)).thenComparing(r -> (String) r.get(0)));
    return clicks;
  }

  /**
   * Runs the example.
   *
   * @param args optional minutes of clicks and random seed
   * @throws Exception if the query fails
   */
  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    List<Row> clicks = generateClicks(seed, start, minutes * 60);

    try (StreamSession session = StreamSession.builder().appName("sessions")
        .config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate();
        MemoryStream input = MemoryStream.create(session, CLICKS)) {
      StreamingQuery query = sessions(input.toDF())
          .writeStream()
          .queryName("sessions")
          .outputMode(OutputMode.APPEND)
          // Print the sessions each batch closes (most batches close none).
          .foreachBatch((batch, batchId) -> {
            for (Row r : batch.collectAsList()) {
              System.out.printf(Locale.ROOT, "  batch %d closed: %-4s %s .. %s  %d clicks  %s%n", batchId,
                  r.get(0), r.get(1), r.get(2), (Long) r.get(3), r.get(4));
            }
          })
          .start();
      // One chunk (one micro-batch) per minute of event time.
      for (int minute = 0; minute < minutes; minute++) {
        Instant from = start.plusSeconds(60L * minute);
        Instant to = from.plusSeconds(60);
        List<Row> chunk = clicks.stream()
            .filter(r -> !((Instant) r.get(1)).isBefore(from) && ((Instant) r.get(1)).isBefore(to)).toList();
        System.out.println("Minute " + minute + ": " + chunk.size() + " clicks");
        input.addData(chunk);
        query.processAllAvailable();
      }
      long sessions = query.recentProgress().stream().mapToLong(p -> p.sink().numOutputRows()).sum();
      long open = query.lastProgress().stateOperators().get(0).numRowsTotal();
      String watermark = query.lastProgress().eventTime().getOrDefault("watermark", "?");
      System.out.println(clicks.size() + " clicks of " + USERS.size() + " users: " + sessions
          + " sessions closed by the watermark (" + watermark + "), " + open + " still open");
      query.stop();
    }
  }
}
