package io.sluice.benchmarks.stateful;

import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed stream of {@code totalEvents} generated click events, all available from the start.
 * Event {@code i} (0-based) is a pure function of {@code i} and the options, so any offset range is
 * replayable:
 *
 * <ul>
 *   <li>{@code ts = start + i / eventsPerSecond - d}, with {@code d} uniform in
 *       {@code [0, maxDisorderMs]}: event time increases with bounded disorder;
 *   <li>{@code user} uniform in {@code [0, users)}; {@code page} = {@code "page-<n>"}, n uniform in
 *       {@code [0, pages)}; {@code amount} uniform in {@code [0, 100)} with two decimals.
 * </ul>
 *
 * <p>Offset = events read so far ({@code {"events":N}}); batch {@code (a, b]} holds events
 * {@code a .. b-1}, split into up to {@code numPartitions} contiguous ranges, each generated
 * straight into vectors.
 */
final class BenchEventsSource implements Source {
  static final StructType SCHEMA = DataTypes.struct(
      DataTypes.field("user", DataTypes.LONG, false),
      DataTypes.field("page", DataTypes.STRING, false),
      DataTypes.field("ts", DataTypes.TIMESTAMP, false),
      DataTypes.field("amount", DataTypes.DOUBLE, false));
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final Config config;
  private final byte[][] pageNames;

  /**
   * The options, parsed.
   *
   * @param totalEvents the stream's length
   * @param eventsPerSecond events per second of event time
   * @param users distinct users
   * @param pages distinct pages
   * @param maxDisorderMs the largest delay behind the due time
   * @param seed the seed
   * @param startMs the event time of event 0
   * @param maxRowsPerTrigger the per-batch limit, or null
   * @param numPartitions partitions per batch
   */
  record Config(long totalEvents, long eventsPerSecond, long users, int pages, long maxDisorderMs, long seed,
      long startMs, Long maxRowsPerTrigger, int numPartitions) {
    static Config from(ConnectorOptions o) {
      return new Config(o.get(BenchEventsOptions.TOTAL_EVENTS), o.get(BenchEventsOptions.EVENTS_PER_SECOND),
          o.get(BenchEventsOptions.USERS), o.get(BenchEventsOptions.PAGES),
          o.get(BenchEventsOptions.MAX_DISORDER_MS), o.get(BenchEventsOptions.SEED),
          o.get(BenchEventsOptions.START_TIMESTAMP), o.get(BenchEventsOptions.MAX_ROWS_PER_TRIGGER),
          o.get(BenchEventsOptions.NUM_PARTITIONS));
    }
  }

  /**
   * Events {@code [from, until)}.
   *
   * @param from the first event
   * @param until the event after the last
   */
  record EventRange(long from, long until) implements InputPartition {
    @Override
    public String describe() {
      return "bench-events [" + from + ", " + until + ")";
    }
  }

  /**
   * Events read so far.
   *
   * @param events the count; batch {@code (a, b]} reads events {@code a .. b-1}
   */
  record EventsOffset(long events) implements Offset {
    private static final Pattern JSON = Pattern.compile("\\s*\\{\\s*\"events\"\\s*:\\s*(\\d+)\\s*}\\s*");

    @Override
    public String json() {
      return "{\"events\":" + events + "}";
    }

    static EventsOffset parse(String json) {
      Matcher m = JSON.matcher(json);
      if (!m.matches()) {
        throw new IllegalArgumentException("Not a bench-events offset {\"events\":N}: " + json);
      }
      return new EventsOffset(Long.parseLong(m.group(1)));
    }

    static long of(Offset o) {
      if (o == null) {
        return 0;
      }
      return o instanceof EventsOffset e ? e.events : parse(o.json()).events;
    }
  }

  BenchEventsSource(Config config) {
    this.config = config;
    int width = Integer.toString(config.pages() - 1).length();
    this.pageNames = new byte[config.pages()][];
    for (int p = 0; p < config.pages(); p++) {
      pageNames[p] = String.format(Locale.ROOT, "page-%0" + width + "d", p).getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  public StructType schema() {
    return SCHEMA;
  }

  @Override
  public Offset initialOffset() {
    return new EventsOffset(0);
  }

  @Override
  public ReadLimit defaultReadLimit() {
    return config.maxRowsPerTrigger() == null
        ? ReadLimit.allAvailable() : new ReadLimit.MaxRows(config.maxRowsPerTrigger());
  }

  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    long from = EventsOffset.of(start);
    long end = Math.max(from, config.totalEvents());
    if (limit instanceof ReadLimit.MaxRows m && end - from > m.maxRows()) {
      end = from + m.maxRows();
    }
    return new EventsOffset(end);
  }

  @Override
  public List<InputPartition> planInputPartitions(Offset start, Offset end) {
    long from = EventsOffset.of(start);
    long n = EventsOffset.of(end) - from;
    List<InputPartition> out = new ArrayList<>();
    int parts = (int) Math.min(config.numPartitions(), n);
    for (int k = 0; k < parts; k++) {
      out.add(new EventRange(from + n * k / parts, from + n * (k + 1) / parts));
    }
    return out;
  }

  @Override
  public PartitionReader createReader(InputPartition partition) {
    EventRange r = (EventRange) partition;
    return new PartitionReader() {
      private long next = r.from();

      @Override
      public ColumnBatch next() {
        if (next >= r.until()) {
          return null;
        }
        int n = (int) Math.min(ColumnBatch.DEFAULT_ROWS, r.until() - next);
        ColumnBatch b = generate(next, n);
        next += n;
        return b;
      }
    };
  }

  /**
   * Generates events {@code [first, first + n)}.
   *
   * @param first the first event
   * @param n how many
   * @return the batch
   */
  ColumnBatch generate(long first, int n) {
    LongVector users = new LongVector(DataTypes.LONG, n);
    BytesVector pages = new BytesVector(DataTypes.STRING, n);
    LongVector ts = new LongVector(DataTypes.TIMESTAMP, n);
    DoubleVector amounts = new DoubleVector(n);
    long numUsers = config.users();
    long numPages = config.pages();
    long disorderRange = config.maxDisorderMs() * 1000L + 1;
    long eps = config.eventsPerSecond();
    // due(i) = start + floor(i * 1e6 / eps) micros, stepped without a division per row
    long dueQ = first / eps * 1_000_000L + first % eps * 1_000_000L / eps;
    long dueR = first % eps * 1_000_000L % eps;
    long stepQ = 1_000_000L / eps;
    long stepR = 1_000_000L % eps;
    long startMicros = config.startMs() * 1000L;
    long seed = config.seed();
    // every page name has the same length: write them straight into the data array
    int width = pageNames[0].length;
    byte[] data = pages.reserve(n * width);
    int pos = pages.dataEnd();
    for (int k = 0; k < n; k++) {
      long h1 = mix(seed + (first + k) * GOLDEN);
      long h2 = mix(h1 ^ GOLDEN);
      // uniform in [0, m) from 32 random bits: (bits * m) >>> 32 (m below 2^31)
      users.append(((h1 >>> 32) * numUsers) >>> 32);
      amounts.append((((h1 & 0xFFFFFFFFL) * 10_000L) >>> 32) * 0.01);
      System.arraycopy(pageNames[(int) (((h2 >>> 32) * numPages) >>> 32)], 0, data, pos, width);
      pos += width;
      pages.commitAppend(width);
      ts.append(startMicros + dueQ - (((h2 & 0xFFFFFFFFL) * disorderRange) >>> 32));
      dueQ += stepQ;
      dueR += stepR;
      if (dueR >= eps) {
        dueQ++;
        dueR -= eps;
      }
    }
    return new ColumnBatch(SCHEMA, new ColumnVector[] {users, pages, ts, amounts}, n);
  }

  /** The splitmix64 finalizer: a cheap, well-mixed 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public Offset deserializeOffset(String json) {
    return EventsOffset.parse(json);
  }

  @Override
  public String description() {
    return "BenchEvents[totalEvents=" + config.totalEvents() + ", eventsPerSecond=" + config.eventsPerSecond()
        + ", users=" + config.users() + ", pages=" + config.pages() + ", maxDisorderMs=" + config.maxDisorderMs()
        + ", numPartitions=" + config.numPartitions() + "]";
  }
}
