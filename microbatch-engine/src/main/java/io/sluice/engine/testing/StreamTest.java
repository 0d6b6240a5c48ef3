package io.sluice.engine.testing;

import io.sluice.api.DataFrame;
import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryException;
import io.sluice.api.Trigger;
import io.sluice.api.types.StructType;
import io.sluice.engine.connectors.MemoryStream;
import io.sluice.engine.internal.SessionImpl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A driver for testing streaming queries batch by batch: push rows into memory sources, run the
 * query until it has processed them, and assert exactly which rows each batch wrote; stop and
 * restart from the checkpoint; move a manual clock.
 *
 * <pre>{@code
 * try (StreamTest t = StreamTest.builder(session)
 *     .input("events", schema)
 *     .query(in -> in.get("events").filter(col("n").gt(1)))
 *     .checkpoint(dir)
 *     .start()) {
 *   t.addData("events", Row.of("a", 1), Row.of("b", 2));
 *   t.expectBatch(Row.of("b", 2));
 *   t.restart();
 *   t.addData("events", Row.of("c", 3));
 *   t.expectBatch(Row.of("c", 3));
 * }
 * }</pre>
 *
 * <p>Output is captured with {@code foreachBatch}, so every delivery of a batch is seen, including
 * a re-run after a failure. Rows of a batch are compared as a multiset: order within a batch is
 * not part of the semantics.
 */
public final class StreamTest implements AutoCloseable {
  private final StreamSession session;
  private final Map<String, MemoryStream> inputs;
  private final Function<Map<String, DataFrame>, DataFrame> queryFn;
  private final OutputMode mode;
  private final Trigger trigger;
  private final Path checkpoint;
  private final List<Delivery> deliveries = new ArrayList<>();
  private int cursor;
  private StreamingQuery query;

  /**
   * One delivery of a batch to the output.
   *
   * @param batchId the batch id
   * @param rows its rows
   */
  public record Delivery(long batchId, List<Row> rows) {}

  private StreamTest(Builder b) {
    this.session = b.session;
    this.inputs = b.inputs;
    this.queryFn = b.query;
    this.mode = b.mode;
    this.trigger = b.trigger;
    this.checkpoint = b.checkpoint;
    if (b.clock != null) {
      ((SessionImpl) session).setClock(b.clock);
    }
  }

  /**
   * Starts describing a test.
   *
   * @param session the session to run in
   * @return the builder
   */
  public static Builder builder(StreamSession session) {
    return new Builder(session);
  }

  /** @return the running (or last) query */
  public StreamingQuery query() {
    return query;
  }

  /**
   * The memory source of an input.
   *
   * @param name the input name
   * @return its stream
   */
  public MemoryStream input(String name) {
    MemoryStream s = inputs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("No input '" + name + "'; inputs: " + inputs.keySet());
    }
    return s;
  }

  /**
   * Adds rows to an input, as one chunk (one future batch unless rate-limited).
   *
   * @param name the input name
   * @param rows the rows
   * @return this
   */
  public StreamTest addData(String name, Row... rows) {
    input(name).addData(Arrays.asList(rows));
    return this;
  }

  /**
   * Adds rows to the only input.
   *
   * @param rows the rows
   * @return this
   */
  public StreamTest addData(Row... rows) {
    if (inputs.size() != 1) {
      throw new IllegalStateException("addData(rows) needs exactly one input; name it: " + inputs.keySet());
    }
    return addData(inputs.keySet().iterator().next(), rows);
  }

  /**
   * Blocks until the query has processed everything added so far.
   *
   * @return this
   * @throws StreamingQueryException if the query failed
   */
  public StreamTest processAllAvailable() {
    query.processAllAvailable();
    return this;
  }

  /**
   * Processes what is available, then asserts that the batches written since the last check hold
   * exactly these rows, in any order. Usually that is one batch; a no-data batch that ran because
   * the watermark moved (writing nothing, or what the watermark released) is folded in, like
   * Spark's {@code CheckNewAnswer}. Use {@link #deliveries()} to inspect batches one by one.
   *
   * @param expected the rows
   * @return the id of the last batch written
   * @throws AssertionError if no batch was written or the rows differ
   */
  public long expectBatch(Row... expected) {
    processAllAvailable();
    List<Row> actual = new ArrayList<>();
    long last;
    synchronized (deliveries) {
      if (cursor >= deliveries.size()) {
        throw new AssertionError("Expected a batch with rows " + Arrays.asList(expected)
            + " but no new batch was written");
      }
      for (; cursor < deliveries.size(); cursor++) {
        actual.addAll(deliveries.get(cursor).rows());
      }
      last = deliveries.get(cursor - 1).batchId();
    }
    assertSameRows("batch " + last, Arrays.asList(expected), actual);
    return last;
  }

  /**
   * Waits (up to 30 s) for the next batch to be delivered, without asking the query to process
   * everything available, and asserts its rows. Use it with processing-time triggers on a
   * {@link ManualClock}, where {@link #processAllAvailable()} would wait for the clock to move.
   *
   * @param expected the rows
   * @return the batch id
   * @throws AssertionError if no batch arrives or its rows differ
   */
  public long awaitBatch(Row... expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Delivery d = null;
    while (d == null) {
      synchronized (deliveries) {
        if (cursor < deliveries.size()) {
          d = deliveries.get(cursor++);
          break;
        }
      }
      if (!query.isActive() && query.exception() != null) {
        throw new AssertionError("The query failed while a batch was expected", query.exception());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No batch arrived within 30 s; expected rows " + Arrays.asList(expected));
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    assertSameRows("batch " + d.batchId(), Arrays.asList(expected), d.rows());
    return d.batchId();
  }

  /**
   * Processes what is available and asserts that no new batch was delivered.
   *
   * @return this
   */
  public StreamTest expectNoBatch() {
    processAllAvailable();
    synchronized (deliveries) {
      if (cursor < deliveries.size()) {
        throw new AssertionError("Expected no new batch, but batch " + deliveries.get(cursor).batchId()
            + " wrote " + deliveries.get(cursor).rows());
      }
    }
    return this;
  }

  /** @return every delivery so far, in order (a re-run batch appears twice) */
  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /**
   * Asserts two row lists are equal as multisets.
   *
   * @param what what is compared, for the message
   * @param expected the expected rows
   * @param actual the actual rows
   */
  public static void assertSameRows(String what, List<Row> expected, List<Row> actual) {
    Map<Row, Integer> e = counts(expected);
    Map<Row, Integer> a = counts(actual);
    if (!e.equals(a)) {
      List<Row> missing = new ArrayList<>();
      List<Row> extra = new ArrayList<>();
      e.forEach((r, n) -> {
        for (int i = a.getOrDefault(r, 0); i < n; i++) {
          missing.add(r);
        }
      });
      a.forEach((r, n) -> {
        for (int i = e.getOrDefault(r, 0); i < n; i++) {
          extra.add(r);
        }
      });
      throw new AssertionError(what + " differs.\n  expected: " + expected + "\n  actual:   " + actual
          + "\n  missing:  " + missing + "\n  extra:    " + extra);
    }
  }

  private static Map<Row, Integer> counts(List<Row> rows) {
    Map<Row, Integer> m = new HashMap<>();
    for (Row r : rows) {
      m.merge(r, 1, Integer::sum);
    }
    return m;
  }

  /**
   * Stops the query (waiting for it); the checkpoint stays.
   *
   * @return this
   */
  public StreamTest stop() {
    if (query != null) {
      query.stop();
    }
    return this;
  }

  /**
   * Stops the query if running and starts it again from the checkpoint.
   *
   * @return this
   */
  public StreamTest restart() {
    stop();
    startQuery();
    return this;
  }

  /**
   * Waits for the query to end and returns its failure.
   *
   * @return the failure
   * @throws AssertionError if the query ends without failing, or doesn't end within a minute
   */
  public StreamingQueryException expectFailure() {
    try {
      if (!query.awaitTermination(Duration.ofMinutes(1))) {
        throw new AssertionError("Expected the query to fail, but it is still running");
      }
    } catch (StreamingQueryException e) {
      return e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    throw new AssertionError("Expected the query to fail, but it stopped cleanly");
  }

  private void startQuery() {
    Map<String, DataFrame> dfs = new LinkedHashMap<>();
    inputs.forEach((k, v) -> dfs.put(k, v.toDF()));
    DataFrame df = queryFn.apply(dfs);
    var writer = df.writeStream()
        .outputMode(mode)
        .trigger(trigger)
        .foreachBatch((batch, id) -> {
          List<Row> rows = batch.collectAsList();
          synchronized (deliveries) {
            deliveries.add(new Delivery(id, rows));
          }
        });
    if (checkpoint != null) {
      writer.option("checkpointLocation", checkpoint.toString());
    }
    query = writer.start();
  }

  /** Stops the query. */
  @Override
  public void close() {
    stop();
  }

  /** Describes a {@link StreamTest}. */
  public static final class Builder {
    private final StreamSession session;
    private final Map<String, MemoryStream> inputs = new LinkedHashMap<>();
    private Function<Map<String, DataFrame>, DataFrame> query;
    private OutputMode mode = OutputMode.APPEND;
    private Trigger trigger = Trigger.processingTime(Duration.ZERO);
    private Path checkpoint;
    private ManualClock clock;

    private Builder(StreamSession session) {
      this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Declares a memory input.
     *
     * @param name its name
     * @param schema its schema
     * @return this
     */
    public Builder input(String name, StructType schema) {
      inputs.put(name, MemoryStream.create(session, schema));
      return this;
    }

    /**
     * Adds rows to an input before the query starts, as one chunk: the first batch reads them.
     *
     * @param name the input name
     * @param rows the rows
     * @return this
     */
    public Builder addData(String name, Row... rows) {
      if (!inputs.containsKey(name)) {
        throw new IllegalArgumentException("No input '" + name + "'; inputs: " + inputs.keySet());
      }
      inputs.get(name).addData(Arrays.asList(rows));
      return this;
    }

    /**
     * The query, built from the inputs' DataFrames by name.
     *
     * @param q the query
     * @return this
     */
    public Builder query(Function<Map<String, DataFrame>, DataFrame> q) {
      this.query = q;
      return this;
    }

    /**
     * The output mode (default append).
     *
     * @param m the mode
     * @return this
     */
    public Builder outputMode(OutputMode m) {
      this.mode = m;
      return this;
    }

    /**
     * The trigger (default back to back).
     *
     * @param t the trigger
     * @return this
     */
    public Builder trigger(Trigger t) {
      this.trigger = t;
      return this;
    }

    /**
     * The checkpoint directory (default: a temporary one, gone when the query stops, so
     * {@link StreamTest#restart()} then starts fresh).
     *
     * @param dir the directory
     * @return this
     */
    public Builder checkpoint(Path dir) {
      this.checkpoint = dir;
      return this;
    }

    /**
     * A manual clock for processing-time triggers and batch timestamps.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(ManualClock c) {
      this.clock = c;
      return this;
    }

    /**
     * Starts the query.
     *
     * @return the running test
     */
    public StreamTest start() {
      if (query == null) {
        throw new IllegalStateException("call query(...) before start()");
      }
      StreamTest t = new StreamTest(this);
      t.startQuery();
      return t;
    }
  }
}
