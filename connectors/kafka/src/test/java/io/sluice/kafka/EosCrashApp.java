package io.sluice.kafka;

import static io.sluice.api.Functions.col;
import static io.sluice.api.Functions.concat;
import static io.sluice.api.Functions.lit;

import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import io.sluice.api.types.DataTypes;
import io.sluice.kafka.internal.TestHooks;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kafka → Kafka query run in a child JVM by {@link ExactlyOnceCrashIT}: reads the input topic
 * from the start with small batches (available-now), appends "!" to each value, and writes to the
 * output topic exactly-once. With a crash point, the JVM halts (no cleanup, no shutdown hooks, like
 * a kill -9) the n-th time the loop reaches that point.
 *
 * <p>Arguments: bootstrap servers, input topic, output topic, checkpoint directory, crash point
 * ({@code none} or a {@link TestHooks} name), the call of the point to crash at (1-based).
 */
public final class EosCrashApp {
  /** Exit status of a crash at the hook. */
  public static final int CRASH_STATUS = 137;

  private EosCrashApp() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String input = args[1];
    String output = args[2];
    String checkpoint = args[3];
    String crashPoint = args[4];
    int crashAt = Integer.parseInt(args[5]);
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    TestHooks.install(point -> {
      int n = calls.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
      if (point.equals(crashPoint) && n == crashAt) {
        System.out.println("crashing at " + point + " call " + n);
        System.out.flush();
        Runtime.getRuntime().halt(CRASH_STATUS);
      }
    });
    try (StreamSession session = StreamSession.builder().appName("eos-crash").getOrCreate()) {
      StreamingQuery q = session.readStream().format("kafka")
          .option("kafka.bootstrap.servers", bootstrap)
          .option("subscribe", input)
          .option("startingOffsets", "earliest")
          .option("maxOffsetsPerTrigger", "60")
          .load()
          .select(col("key"), concat(col("value").cast(DataTypes.STRING), lit("!")).as("value"))
          .writeStream().format("kafka")
          .queryName("eos-crash")
          .option("kafka.bootstrap.servers", bootstrap)
          .option("topic", output)
          .option("checkpointLocation", checkpoint)
          .trigger(Trigger.availableNow())
          .start();
      q.awaitTermination();
      System.out.println("finished after batch " + q.lastProgress().batchId());
    }
    System.exit(0);
  }
}
