package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.CheckpointException;
import io.sluice.api.OutputMode;
import io.sluice.api.SinkProgress;
import io.sluice.api.SourceProgress;
import io.sluice.api.StreamingQuery;
import io.sluice.api.StreamingQueryException;
import io.sluice.api.StreamingQueryListener;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.api.StreamingQueryStatus;
import io.sluice.api.Trigger;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkBatch;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkProvider;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceContext;
import io.sluice.api.connector.SourceProvider;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.checkpoint.Checkpoint;
import io.sluice.checkpoint.CheckpointOptions;
import io.sluice.checkpoint.CommitEntry;
import io.sluice.checkpoint.OffsetEntry;
import io.sluice.engine.EngineClock;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.internal.WriterImpl.QuerySpec;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.plan.EventTimeTracker;
import io.sluice.engine.internal.plan.PhysicalPlan;
import io.sluice.engine.internal.plan.Planner;
import io.sluice.engine.internal.stateful.OpContext;
import io.sluice.engine.internal.stateful.StateStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running query: the micro-batch loop of DESIGN.md on its own driver thread.
 *
 * <p>Per batch: ask each source for its latest offset (capped by its read limit), write
 * {@code offsets/N} (the write-ahead log), run the fused pipelines on the executor pool, hand the
 * output to the sink (idempotent per batch id), write {@code commits/N}, report progress. On
 * restart, {@code offsets/N} without {@code commits/N} re-runs batch N with exactly the recorded
 * offsets and batch timestamp.
 */
final class StreamExecution implements StreamingQuery {
  private static final Logger LOG = LoggerFactory.getLogger(StreamExecution.class);
  private static final Set<String> TEMP_CHECKPOINT_SINKS = Set.of("console", "memory");
  /** Options that shape state: recorded in every offsets/N and restored from it on restart. */
  private static final List<String> RECORDED_CONF = List.of(EngineOptions.SHUFFLE_PARTITIONS.key(),
      io.sluice.state.StateStoreOptions.PROVIDER.key(), EngineOptions.MULTIPLE_WATERMARK_POLICY.key());

  private final SessionImpl session;
  private final QuerySpec spec;
  private final EngineClock clock;
  private final UUID runId = UUID.randomUUID();
  private final Object lock = new Object();
  private final ArrayDeque<StreamingQueryProgress> progress = new ArrayDeque<>();
  private final int progressRetention;

  private UUID id;
  private Checkpoint checkpoint;
  private boolean tempCheckpoint;
  private PhysicalPlan plan;
  private List<LogicalPlan.StreamingRelation> relations;
  private final List<Source> sources = new ArrayList<>();
  private Sink sink;
  private Sink quarantineSink;
  private Map<String, String> effectiveConf;
  private Thread thread;

  private volatile boolean stopRequested;
  private final Object interruptLock = new Object();
  private boolean closing;
  private volatile boolean terminated;
  private volatile StreamingQueryException failure;
  private volatile StreamingQueryStatus status =
      new StreamingQueryStatus("Initializing sources", false, false);

  // Guarded by lock: processAllAvailable() requests and what the loop has confirmed.
  private long availableRequests;
  private long caughtUpThrough;
  private boolean wakeRequested;

  // Driver-thread state.
  private long nextBatchId;
  private Offset[] committedOffsets;
  private Offset[] rerunEndOffsets;
  private long rerunBatchTimestampMs;
  private long lastTriggerStartMs = -1;
  /** Wall-clock start of the batch running now, or 0 when no batch runs. */
  private volatile long batchStartedMs;
  private StateStores stateStores;
  private MicroBatchRunner runner;
  /** The watermark the next batch runs with. */
  private long nextWatermarkMs;
  /** The watermark of the last batch run: the late-row threshold of the next one. */
  private long lastBatchWatermarkMs;
  /** Per withWatermark declaration, its watermark, or null before it saw data. */
  private Long[] inputWatermarks;
  private long lastIdleEventMs = Long.MIN_VALUE;

  StreamExecution(SessionImpl session, QuerySpec spec) {
    this.session = session;
    this.spec = spec;
    this.clock = session.clock();
    this.progressRetention = session.conf(EngineOptions.PROGRESS_RETENTION);
  }

  /** Analyzes the query, opens the checkpoint, sources and sink, and starts the driver thread. */
  void start() {
    SinkProvider sinkProvider = null;
    if (spec.foreachBatch() == null) {
      sinkProvider = ConnectorRegistry.sink(spec.format());
      if (!sinkProvider.supportedOutputModes().contains(spec.mode())) {
        throw new AnalysisException("Sink '" + sinkProvider.format() + "' does not support output mode "
            + spec.mode() + "; it supports " + sinkProvider.supportedOutputModes());
      }
      sinkProvider.validate(new ConnectorOptions(sinkOptions()));
    }
    Planner planner = new Planner();
    plan = planner.plan(spec.df().logicalPlan());
    relations = planner.sources();
    StreamingChecks.check(spec.df().logicalPlan(), plan, spec.mode());

    checkpoint = Checkpoint.open(checkpointRoot(sinkProvider));
    try {
      id = UUID.fromString(checkpoint.queryId(() -> UUID.randomUUID().toString()));
      effectiveConf = new LinkedHashMap<>(session.conf());
      for (int i = 0; i < relations.size(); i++) {
        LogicalPlan.StreamingRelation r = relations.get(i);
        SourceProvider p = ConnectorRegistry.source(r.format());
        sources.add(p.createSource(new SourceContext(new ConnectorOptions(r.options()), r.schema(),
            checkpoint.sourceDir(i), session.conf())));
      }
      if (sinkProvider == null) {
        sink = new ForeachBatchSink(session, spec.foreachBatch());
      } else {
        sink = sinkProvider.createSink(new SinkContext(new ConnectorOptions(sinkOptions()),
            plan.outputSchema(), spec.mode(), id, spec.name(), keyColumns(),
            checkpoint.root().resolve("sinks"), session.conf()));
      }
      quarantineSink = createQuarantineSink();
    } catch (RuntimeException e) {
      closeResources();
      throw e;
    }
    String threadName = "sluice-query-" + (spec.name() != null ? spec.name() : id.toString());
    thread = new Thread(this::runLoop, threadName);
    thread.setDaemon(true);
    session.streams().post(l -> l.onQueryStarted(new StreamingQueryListener.QueryStartedEvent(
        id, runId, spec.name(), Instant.ofEpochMilli(clock.millis()))));
    thread.start();
  }

  /** The writer's options without the quarantine sink's ({@code quarantine.*}). */
  private Map<String, String> sinkOptions() {
    Map<String, String> m = new LinkedHashMap<>();
    spec.options().forEach((k, v) -> {
      if (!k.toLowerCase(java.util.Locale.ROOT).startsWith("quarantine.")) {
        m.put(k, v);
      }
    });
    return m;
  }

  /**
   * The sink of quarantined rows, from the writer's {@code quarantine.*} options, when some
   * expectation quarantines; null otherwise.
   */
  private Sink createQuarantineSink() {
    var quarantining = plan.expectations().stream()
        .filter(e -> e.action() == io.sluice.api.ExpectationAction.QUARANTINE).toList();
    if (quarantining.isEmpty()) {
      return null;
    }
    ConnectorOptions all = new ConnectorOptions(spec.options());
    String format = all.get("quarantine.format").orElseThrow(() -> new AnalysisException(
        "Expectation '" + quarantining.get(0).name() + "' quarantines violating rows, but the query has no "
            + "quarantine sink: set option(\"quarantine.format\", ...) and its options as quarantine.<option> "
            + "(e.g. quarantine.path) on writeStream()"));
    var schema = quarantining.get(0).quarantineSchema();
    for (var e : quarantining) {
      if (!e.quarantineSchema().equals(schema)) {
        throw new AnalysisException("Quarantining expectations '" + quarantining.get(0).name() + "' and '"
            + e.name() + "' see rows of different schemas; one quarantine sink needs one schema");
      }
    }
    java.util.Map<String, String> options = new LinkedHashMap<>(all.withPrefix("quarantine."));
    options.remove("format");
    SinkProvider provider = ConnectorRegistry.sink(format);
    provider.validate(new ConnectorOptions(options));
    return provider.createSink(new SinkContext(new ConnectorOptions(options), schema, OutputMode.APPEND, id,
        spec.name() == null ? null : spec.name() + "_quarantine", List.of(),
        checkpoint.root().resolve("sinks").resolve("quarantine"), session.conf()));
  }

  /** The grouping columns of a query whose result is an aggregation: the keys an update-mode sink upserts by. */
  private List<String> keyColumns() {
    if (spec.df().logicalPlan() instanceof LogicalPlan.Aggregate a) {
      return plan.outputSchema().fieldNames().subList(0, a.groupingExprs().size());
    }
    return List.of();
  }

  private Path checkpointRoot(SinkProvider sinkProvider) {
    String loc = new ConnectorOptions(spec.options()).get("checkpointLocation").orElse(null);
    if (loc != null) {
      return Paths.get(loc);
    }
    boolean tempAllowed = sinkProvider == null
        || TEMP_CHECKPOINT_SINKS.contains(sinkProvider.format().toLowerCase(java.util.Locale.ROOT));
    if (!tempAllowed) {
      throw new AnalysisException("checkpointLocation must be specified for the '"
          + sinkProvider.format() + "' sink: call option(\"checkpointLocation\", \"/path/to/dir\") so "
          + "the query can resume exactly where it stopped.");
    }
    try {
      tempCheckpoint = true;
      return Files.createTempDirectory("sluice-checkpoint-");
    } catch (IOException e) {
      throw new CheckpointException("Cannot create a temporary checkpoint directory: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- driver loop

  private void runLoop() {
    try {
      recover();
      if (spec.trigger() == Trigger.AvailableNow.INSTANCE) {
        for (Source s : sources) {
          s.prepareForAvailableNow();
        }
      }
      long intervalMs = spec.trigger() instanceof Trigger.ProcessingTime pt ? pt.interval().toMillis() : 0;
      long pollMs = session.conf(EngineOptions.POLLING_DELAY).toMillis();
      long nextTriggerMs = clock.millis();
      while (!stopRequested) {
        if (intervalMs > 0) {
          waitUntil(nextTriggerMs);
          if (stopRequested) {
            break;
          }
        }
        long triggerStart = clock.millis();
        long requestsAtStart;
        synchronized (lock) {
          requestsAtStart = availableRequests;
          wakeRequested = false;
        }
        boolean ran = runTrigger(triggerStart);
        if (!ran) {
          markCaughtUp(requestsAtStart);
          if (spec.trigger() instanceof Trigger.Once || spec.trigger() instanceof Trigger.AvailableNow) {
            break;
          }
          postIdle(triggerStart);
          if (intervalMs == 0) {
            pollWait(pollMs);
          }
        } else if (spec.trigger() instanceof Trigger.Once) {
          markCaughtUp(requestsAtStart);
          break;
        }
        if (intervalMs > 0) {
          // Aligned to interval boundaries; an overrun batch is followed at once by the next.
          nextTriggerMs = (triggerStart / intervalMs + 1) * intervalMs;
        }
      }
    } catch (Throwable t) {
      if (stopRequested) {
        // A batch cut short by stop() (or by the JVM shutting down around it) is not a failure:
        // it has no commits entry and runs again on restart.
        LOG.info("Query {} stopped during batch {}; it runs again on restart ({})", describeQuery(), nextBatchId,
            t.toString());
      } else {
        failure = new StreamingQueryException("Query " + describeQuery() + " terminated with exception in batch "
            + nextBatchId + ": " + t.getMessage(), t);
        LOG.error("Query {} failed in batch {}", describeQuery(), nextBatchId, t);
      }
    } finally {
      terminate();
    }
  }


  private String describeQuery() {
    return (spec.name() != null ? "'" + spec.name() + "' " : "") + "[id = " + id + ", runId = " + runId + "]";
  }

  /** Reads the checkpoint: where to continue, and whether the last batch must be re-run. */
  private void recover() {
    committedOffsets = new Offset[sources.size()];
    var latest = checkpoint.offsets().latestBatchId();
    if (latest.isEmpty()) {
      for (int i = 0; i < sources.size(); i++) {
        committedOffsets[i] = sources.get(i).initialOffset();
      }
      nextBatchId = 0;
      recordConf(Map.of());
      startStateful();
      return;
    }
    long n = latest.getAsLong();
    OffsetEntry entry = checkpoint.offsets().get(n).orElseThrow();
    if (entry.sourceOffsets().size() != sources.size()) {
      throw new CheckpointException("Checkpoint " + checkpoint.root() + " was written by a query with "
          + entry.sourceOffsets().size() + " source(s), but this query has " + sources.size()
          + ". A changed query needs a new checkpointLocation.");
    }
    recordConf(entry.conf());
    startStateful();
    var commit = checkpoint.commits().get(n);
    if (commit.isPresent()) {
      committedOffsets = parse(entry);
      nextBatchId = n + 1;
      lastBatchWatermarkMs = entry.batchWatermarkMs();
      nextWatermarkMs = Math.max(commit.get().nextBatchWatermarkMs(), entry.batchWatermarkMs());
    } else {
      // offsets/n was written but the batch never committed: re-run it exactly.
      if (n == 0) {
        for (int i = 0; i < sources.size(); i++) {
          committedOffsets[i] = sources.get(i).initialOffset();
        }
      } else {
        OffsetEntry prev = checkpoint.offsets().get(n - 1).orElseThrow(() -> new CheckpointException(
            "Checkpoint " + checkpoint.root() + " has offsets/" + n + " but not offsets/" + (n - 1)
                + ", which the re-run of batch " + n + " needs"));
        committedOffsets = parse(prev);
      }
      rerunEndOffsets = parse(entry);
      rerunBatchTimestampMs = entry.batchTimestampMs();
      nextBatchId = n;
      nextWatermarkMs = entry.batchWatermarkMs();
      lastBatchWatermarkMs = n == 0 ? 0 : checkpoint.offsets().get(n - 1).map(OffsetEntry::batchWatermarkMs).orElse(0L);
    }
  }

  private void recordConf(Map<String, String> recorded) {
    Map<String, String> defaults = Map.of(
        EngineOptions.SHUFFLE_PARTITIONS.key(), String.valueOf(EngineOptions.SHUFFLE_PARTITIONS.defaultValue()),
        io.sluice.state.StateStoreOptions.PROVIDER.key(), io.sluice.state.StateStoreOptions.PROVIDER.defaultValue(),
        EngineOptions.MULTIPLE_WATERMARK_POLICY.key(), EngineOptions.MULTIPLE_WATERMARK_POLICY.defaultValue());
    for (String key : RECORDED_CONF) {
      String v = recorded.get(key);
      if (v != null) {
        effectiveConf.put(key, v);
      } else {
        effectiveConf.putIfAbsent(key, defaults.get(key));
      }
    }
  }

  /** Opens the state stores (with the recorded conf) and checks each operator's state schema. */
  private void startStateful() {
    inputWatermarks = new Long[plan.trackers().size()];
    int partitions = Integer.parseInt(effectiveConf.get(EngineOptions.SHUFFLE_PARTITIONS.key()));
    if (!plan.operators().isEmpty()) {
      stateStores = new StateStores(checkpoint.root(), effectiveConf);
      stateStores.bind(plan.operators());
    }
    runner = new MicroBatchRunner(session.pool(), partitions, stateStores, sources);
  }

  private Offset[] parse(OffsetEntry entry) {
    Offset[] out = new Offset[sources.size()];
    for (int i = 0; i < out.length; i++) {
      String json = entry.sourceOffsets().get(i);
      try {
        out[i] = json == null ? sources.get(i).initialOffset() : sources.get(i).deserializeOffset(json);
      } catch (IllegalArgumentException e) {
        throw new CheckpointException("Offset '" + json + "' of source " + i + " (" + sources.get(i).description()
            + ") in checkpoint " + checkpoint.root() + " cannot be read: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Runs one trigger; returns false if there was no new data (no batch ran). */
  private boolean runTrigger(long triggerStartMs) throws Exception {
    status = new StreamingQueryStatus("Getting offsets from sources", false, true);
    Map<String, Long> durations = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Offset[] end;
    long batchTimestampMs;
    boolean rerun = rerunEndOffsets != null;
    if (rerun) {
      end = rerunEndOffsets;
      batchTimestampMs = rerunBatchTimestampMs;
      rerunEndOffsets = null;
      durations.put("latestOffset", 0L);
      durations.put("walCommit", 0L);
    } else {
      end = new Offset[sources.size()];
      boolean hasData = false;
      for (int i = 0; i < sources.size(); i++) {
        Source s = sources.get(i);
        ReadLimit limit = spec.trigger() instanceof Trigger.Once ? ReadLimit.allAvailable() : s.defaultReadLimit();
        end[i] = s.latestOffset(committedOffsets[i], limit);
        hasData |= !end[i].json().equals(committedOffsets[i].json());
      }
      durations.put("latestOffset", ms(t0));
      // As Spark: complete mode neither emits nor evicts by watermark, so a moved watermark alone
      // runs no batch there.
      boolean noDataBatch = !hasData && (plan.usesWatermark() && spec.mode() != OutputMode.COMPLETE
          && nextWatermarkMs > lastBatchWatermarkMs
          || timerDue());
      if (!hasData && !noDataBatch) {
        status = new StreamingQueryStatus("Waiting for data to arrive", false, false);
        return false;
      }
      batchTimestampMs = clock.millis();
      long t1 = System.nanoTime();
      List<String> jsons = new ArrayList<>();
      for (Offset o : end) {
        jsons.add(o.json());
      }
      checkpoint.offsets().write(nextBatchId,
          new OffsetEntry(nextWatermarkMs, batchTimestampMs, recordedConf(), jsons));
      durations.put("walCommit", ms(t1));
    }
    status = new StreamingQueryStatus("Processing new data", true, true);
    long batchWatermarkMs = nextWatermarkMs;
    long t2 = System.nanoTime();
    boolean noData = true;
    for (int i = 0; i < end.length; i++) {
      noData &= end[i].json().equals(committedOffsets[i].json());
    }
    OpContext ctx = new OpContext(nextBatchId, batchTimestampMs, lastBatchWatermarkMs, batchWatermarkMs,
        spec.mode(), noData);
    MicroBatchRunner.BatchRun run = new MicroBatchRunner.BatchRun(committedOffsets, end, ctx, sources.size(),
        plan.operators().size());
    plan.trackers().forEach(EventTimeTracker::reset);
    final long batchIdForExpectations = nextBatchId;
    plan.expectations().forEach(e -> e.reset(batchIdForExpectations));
    durations.put("queryPlanning", ms(t2));

    long t3 = System.nanoTime();
    batchStartedMs = System.currentTimeMillis();
    List<List<ColumnBatch>> outputs = runner.run(plan.root(), run);
    AtomicLongArray inputRows = run.inputRows;
    SinkBatch out = new SinkBatch(plan.outputSchema(), outputs);
    writeQuarantine();
    long tSink = System.nanoTime();
    sink.addBatch(nextBatchId, out);
    durations.put("sinkCommit", ms(tSink));
    durations.put("addBatch", ms(t3));
    batchStartedMs = 0;
    long newWatermark = advanceWatermark();

    long t4 = System.nanoTime();
    checkpoint.commits().write(nextBatchId, new CommitEntry(newWatermark));
    for (int i = 0; i < sources.size(); i++) {
      sources.get(i).commit(end[i]);
    }
    durations.put("commitOffsets", ms(t4));
    durations.put("triggerExecution", ms(t0));

    reportProgress(triggerStartMs, durations, end, inputRows, out.numRows(), run, batchWatermarkMs);
    committedOffsets = end;
    lastBatchWatermarkMs = batchWatermarkMs;
    nextWatermarkMs = newWatermark;
    checkpoint.purge(nextBatchId, session.conf(CheckpointOptions.MIN_BATCHES_TO_RETAIN));
    nextBatchId++;
    status = new StreamingQueryStatus("Waiting for next trigger", true, false);
    return true;
  }

  /** True if an operator has a processing-time timer due by now, which needs a batch without data. */
  private boolean timerDue() {
    int partitions = Integer.parseInt(effectiveConf.get(EngineOptions.SHUFFLE_PARTITIONS.key()));
    for (var op : plan.operators()) {
      if (op.nextProcessingTimeDueMs(partitions, p -> stateStores.open(op.operatorId(), p, nextBatchId))
          <= clock.millis()) {
        return true;
      }
    }
    return false;
  }

  /** Writes this batch's quarantined rows (idempotent per batch id, like every sink). */
  private void writeQuarantine() throws Exception {
    if (quarantineSink == null) {
      return;
    }
    List<ColumnBatch> rows = new ArrayList<>();
    io.sluice.api.types.StructType schema = null;
    for (var e : plan.expectations()) {
      if (e.action() == io.sluice.api.ExpectationAction.QUARANTINE) {
        rows.addAll(e.quarantined());
        schema = e.quarantineSchema();
      }
    }
    quarantineSink.addBatch(nextBatchId, new SinkBatch(schema, List.of(rows)));
  }

  /** Updates each input's watermark from this batch's event times; returns the next global watermark. */
  private long advanceWatermark() {
    List<EventTimeTracker> trackers = plan.trackers();
    for (int i = 0; i < trackers.size(); i++) {
      EventTimeTracker t = trackers.get(i);
      long max = t.maxMs();
      if (max != Long.MIN_VALUE) {
        long wm = max - t.delayMs();
        if (inputWatermarks[i] == null || wm > inputWatermarks[i]) {
          inputWatermarks[i] = wm;
        }
      }
    }
    boolean useMax = "max".equalsIgnoreCase(effectiveConf.get(EngineOptions.MULTIPLE_WATERMARK_POLICY.key()));
    Long chosen = null;
    for (Long wm : inputWatermarks) {
      if (wm != null) {
        chosen = chosen == null ? wm : useMax ? Math.max(chosen, wm) : Math.min(chosen, wm);
      }
    }
    // Monotone: a watermark never goes back, whatever the inputs do.
    return chosen == null ? nextWatermarkMs : Math.max(nextWatermarkMs, chosen);
  }

  private Map<String, String> recordedConf() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String key : RECORDED_CONF) {
      m.put(key, effectiveConf.get(key));
    }
    return m;
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000L;
  }

  private void reportProgress(long triggerStartMs, Map<String, Long> durations, Offset[] end,
      AtomicLongArray inputRows, long outputRows, MicroBatchRunner.BatchRun run, long batchWatermarkMs) {
    long total = 0;
    for (int i = 0; i < inputRows.length(); i++) {
      total += inputRows.get(i);
    }
    long execMs = Math.max(durations.get("triggerExecution"), 0);
    double sinceLast = lastTriggerStartMs < 0 ? 0 : (triggerStartMs - lastTriggerStartMs) / 1000.0;
    double inputRate = sinceLast > 0 ? total / sinceLast : 0.0;
    double processedRate = execMs > 0 ? total * 1000.0 / execMs : 0.0;
    List<SourceProgress> sp = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      long n = inputRows.get(i);
      sp.add(new SourceProgress(s.description(), committedOffsets[i].json(), end[i].json(), end[i].json(), n,
          sinceLast > 0 ? n / sinceLast : 0.0, execMs > 0 ? n * 1000.0 / execMs : 0.0, s.metrics(end[i])));
    }
    int partitions = Integer.parseInt(effectiveConf.get(EngineOptions.SHUFFLE_PARTITIONS.key()));
    List<io.sluice.api.StateOperatorProgress> ops = new ArrayList<>();
    for (var op : plan.operators()) {
      ops.add(run.metrics[op.operatorId()].toProgress(op.name(), partitions));
    }
    StreamingQueryProgress p = new StreamingQueryProgress(id, runId, spec.name(),
        Instant.ofEpochMilli(triggerStartMs), nextBatchId, execMs, total, inputRate, processedRate,
        durations, eventTimeStats(batchWatermarkMs), ops, sp,
        new SinkProgress(sink.description(), outputRows, sink.metrics()),
        plan.expectations().stream().map(e -> e.progress()).toList());
    lastTriggerStartMs = triggerStartMs;
    synchronized (progress) {
      progress.addLast(p);
      while (progress.size() > progressRetention) {
        progress.removeFirst();
      }
    }
    LOG.info("Query {} batch {}: {} input rows, {} output rows in {} ms",
        spec.name() != null ? spec.name() : id, nextBatchId, total, outputRows, execMs);
    session.streams().post(l -> l.onQueryProgress(new StreamingQueryListener.QueryProgressEvent(p)));
  }

  private Map<String, String> eventTimeStats(long batchWatermarkMs) {
    if (plan.trackers().isEmpty()) {
      return Map.of();
    }
    Map<String, String> m = new LinkedHashMap<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    double sum = 0;
    int n = 0;
    for (EventTimeTracker t : plan.trackers()) {
      if (t.maxMs() != Long.MIN_VALUE) {
        min = Math.min(min, t.minMs());
        max = Math.max(max, t.maxMs());
        sum += t.avgMs();
        n++;
      }
    }
    if (n > 0) {
      m.put("min", Instant.ofEpochMilli(min).toString());
      m.put("max", Instant.ofEpochMilli(max).toString());
      m.put("avg", Instant.ofEpochMilli((long) (sum / n)).toString());
    }
    m.put("watermark", Instant.ofEpochMilli(batchWatermarkMs).toString());
    return m;
  }

  private void postIdle(long nowMs) {
    // One idle event when the query goes idle, then at most one every 10 s, as Spark throttles them.
    if (lastIdleEventMs != Long.MIN_VALUE && nowMs - lastIdleEventMs < 10_000 && lastTriggerStartMs < lastIdleEventMs) {
      return;
    }
    lastIdleEventMs = nowMs;
    session.streams().post(l -> l.onQueryIdle(
        new StreamingQueryListener.QueryIdleEvent(id, runId, Instant.ofEpochMilli(nowMs))));
  }

  private void waitUntil(long targetMs) throws InterruptedException {
    synchronized (lock) {
      while (!stopRequested && clock.millis() < targetMs) {
        // Re-check in short slices: a manual clock moves without notifying.
        long realWait = clock == EngineClock.SYSTEM ? Math.min(targetMs - clock.millis(), 100) : 10;
        lock.wait(Math.max(realWait, 1));
      }
    }
  }

  private void pollWait(long ms) throws InterruptedException {
    synchronized (lock) {
      if (!wakeRequested && !stopRequested && ms > 0) {
        lock.wait(ms);
      }
    }
  }

  private void markCaughtUp(long requestsAtStart) {
    synchronized (lock) {
      caughtUpThrough = Math.max(caughtUpThrough, requestsAtStart);
      lock.notifyAll();
    }
  }

  private void terminate() {
    // stop() interrupts this thread only until closing starts; clear a pending interrupt so closing
    // (e.g. a state store's last snapshot) can still do its file I/O.
    synchronized (interruptLock) {
      closing = true;
      Thread.interrupted();
    }
    closeResources();
    terminated = true;
    status = new StreamingQueryStatus("Stopped", false, false);
    synchronized (lock) {
      lock.notifyAll();
    }
    session.streams().terminated(this);
    StreamingQueryException f = failure;
    session.streams().post(l -> l.onQueryTerminated(new StreamingQueryListener.QueryTerminatedEvent(
        id, runId, f == null ? null : f.getMessage())));
  }

  private void closeResources() {
    for (Source s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing source {} failed", s.description(), e);
      }
    }
    if (quarantineSink != null) {
      try {
        quarantineSink.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing the quarantine sink failed", e);
      }
    }
    if (sink != null) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        LOG.warn("Closing sink {} failed", sink.description(), e);
      }
    }
    if (stateStores != null) {
      stateStores.close();
    }
    if (checkpoint != null) {
      checkpoint.close();
      if (tempCheckpoint) {
        deleteRecursively(checkpoint.root());
      }
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  // ---------------------------------------------------------------- StreamingQuery

  @Override
  public UUID id() {
    return id;
  }

  @Override
  public UUID runId() {
    return runId;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public void awaitTermination() throws InterruptedException {
    thread.join();
    throwIfFailed();
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    if (thread.isAlive()) {
      return false;
    }
    throwIfFailed();
    return true;
  }

  private void throwIfFailed() {
    StreamingQueryException f = failure;
    if (f != null) {
      throw f;
    }
  }

  @Override
  public void processAllAvailable() {
    long ticket;
    synchronized (lock) {
      ticket = ++availableRequests;
      wakeRequested = true;
      lock.notifyAll();
      while (caughtUpThrough < ticket && !terminated) {
        try {
          lock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for query " + describeQuery(), e);
        }
      }
    }
    throwIfFailed();
  }

  @Override
  public void stop() {
    stopRequested = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    if (thread == null || Thread.currentThread() == thread) {
      return;
    }
    synchronized (interruptLock) {
      if (!closing) {
        thread.interrupt();
      }
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isActive() {
    return !terminated;
  }

  @Override
  public StreamingQueryException exception() {
    return failure;
  }

  @Override
  public StreamingQueryStatus status() {
    return status;
  }

  @Override
  public StreamingQueryProgress lastProgress() {
    synchronized (progress) {
      return progress.peekLast();
    }
  }

  @Override
  public List<StreamingQueryProgress> recentProgress() {
    synchronized (progress) {
      return List.copyOf(progress);
    }
  }

  @Override
  public String explainString() {
    return "== Logical Plan ==\n" + spec.df().logicalPlan().treeString() + "\n== Physical Plan ==\n"
        + plan.explain() + "Sink " + sink.description() + " (" + spec.mode() + ")\n";
  }

  /** @return when the running batch started (wall clock), or 0 if none is running */
  long batchStartedMs() {
    return batchStartedMs;
  }

  Optional<Path> checkpointPath() {
    return Optional.ofNullable(checkpoint).map(Checkpoint::root);
  }
}
