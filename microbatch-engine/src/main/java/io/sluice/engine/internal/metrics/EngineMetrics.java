package io.sluice.engine.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.api.SourceProgress;
import io.sluice.api.StateOperatorProgress;
import io.sluice.api.StreamingQueryListener;
import io.sluice.api.StreamingQueryProgress;
import io.sluice.state.StateStoreProviders;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The session's Micrometer registry (Prometheus) and the listener that turns each query's progress
 * into meters, tagged by query name: rows in and out, rates, batch duration (a timer with a
 * histogram), trigger lag, watermark and its delay behind the wall clock, state rows and memory
 * per operator, rows dropped as late, per-source lag metrics, sink write time, failed batches;
 * plus JVM and RocksDB memory gauges.
 */
public final class EngineMetrics extends StreamingQueryListener {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, QueryMeters> queries = new ConcurrentHashMap<>();

  /** Creates the registry with the JVM and RocksDB binders. */
  public EngineMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gauge("sluice.rocksdb.block.cache.usage", "bytes", u -> StateStoreProviders.nativeMemory().blockCacheUsageBytes());
    gauge("sluice.rocksdb.block.cache.capacity", "bytes", u -> StateStoreProviders.nativeMemory().blockCacheCapacityBytes());
    gauge("sluice.rocksdb.block.cache.pinned", "bytes", u -> StateStoreProviders.nativeMemory().blockCachePinnedUsageBytes());
    gauge("sluice.rocksdb.memtable", "bytes", u -> StateStoreProviders.nativeMemory().memtableBytes());
    gauge("sluice.rocksdb.open.stores", null, u -> StateStoreProviders.nativeMemory().openStores());
  }

  private void gauge(String name, String unit, ToDoubleFunction<Object> f) {
    Gauge.builder(name, this, f).baseUnit(unit).register(registry);
  }

  /** @return the registry */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** @return the Prometheus text exposition of every meter */
  public String scrape() {
    return registry.scrape();
  }

  private QueryMeters meters(String query) {
    return queries.computeIfAbsent(query, q -> new QueryMeters(registry, q));
  }

  private static String queryTag(java.util.UUID id, String name) {
    return name != null ? name : id.toString();
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    QueryMeters m = meters(queryTag(event.id(), event.name()));
    m.queryId = event.id().toString();
    m.active.set(1);
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    meters(queryTag(p.id(), p.name())).record(p);
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    // The terminated event has no name; find the meters by id.
    for (QueryMeters m : queries.values()) {
      if (event.id().toString().equals(m.queryId)) {
        m.active.set(0);
        if (event.exception() != null) {
          m.failedBatches.increment();
        }
      }
    }
  }

  /** The meters of one query. */
  private static final class QueryMeters {
    final MeterRegistry registry;
    final String query;
    volatile String queryId;
    final Tags tags;
    final AtomicLong active = new AtomicLong();
    final Counter inputRows;
    final Counter outputRows;
    final Counter batches;
    final Counter failedBatches;
    final Timer batchDuration;
    final Timer sinkWrite;
    final AtomicLong inputRate = new AtomicLong();
    final AtomicLong processedRate = new AtomicLong();
    final AtomicLong lastBatchEndMs = new AtomicLong();
    final AtomicLong watermarkMs = new AtomicLong(Long.MIN_VALUE);
    final Map<String, AtomicLong> perOperator = new ConcurrentHashMap<>();
    final Map<String, Counter> lateRows = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> sourceMetrics = new ConcurrentHashMap<>();

    QueryMeters(MeterRegistry registry, String query) {
      this.registry = registry;
      this.query = query;
      this.tags = Tags.of("query", query);
      Gauge.builder("sluice.query.active", active, AtomicLong::get).tags(tags)
          .description("1 while the query runs").register(registry);
      inputRows = Counter.builder("sluice.query.input.rows").tags(tags).description("Rows read").register(registry);
      outputRows = Counter.builder("sluice.query.output.rows").tags(tags).description("Rows written").register(registry);
      batches = Counter.builder("sluice.query.batches").tags(tags).description("Batches completed").register(registry);
      failedBatches = Counter.builder("sluice.query.failed.batches").tags(tags)
          .description("Batches that failed the query").register(registry);
      batchDuration = Timer.builder("sluice.query.batch.duration").tags(tags).publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
          .description("Wall-clock time of a batch").register(registry);
      sinkWrite = Timer.builder("sluice.sink.commit.duration").tags(tags).publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
          .description("Time the sink took to write and commit a batch").register(registry);
      Gauge.builder("sluice.query.input.rows.per.second", inputRate, a -> a.get() / 1000.0).tags(tags)
          .register(registry);
      Gauge.builder("sluice.query.processed.rows.per.second", processedRate, a -> a.get() / 1000.0).tags(tags)
          .register(registry);
      Gauge.builder("sluice.query.trigger.lag", lastBatchEndMs,
              a -> a.get() == 0 ? 0 : (System.currentTimeMillis() - a.get()) / 1000.0)
          .tags(tags).baseUnit("seconds").description("Time since the last batch completed").register(registry);
      Gauge.builder("sluice.query.watermark", watermarkMs,
              a -> a.get() == Long.MIN_VALUE ? Double.NaN : a.get() / 1000.0)
          .tags(tags).baseUnit("seconds").description("Event-time watermark, epoch seconds").register(registry);
      Gauge.builder("sluice.query.watermark.delay", watermarkMs,
              a -> a.get() == Long.MIN_VALUE ? Double.NaN : (System.currentTimeMillis() - a.get()) / 1000.0)
          .tags(tags).baseUnit("seconds").description("How far the watermark is behind the wall clock")
          .register(registry);
    }

    void record(StreamingQueryProgress p) {
      queryId = p.id().toString();
      active.set(1);
      inputRows.increment(p.numInputRows());
      outputRows.increment(Math.max(0, p.sink().numOutputRows()));
      batches.increment();
      batchDuration.record(Duration.ofMillis(p.batchDuration()));
      Long sink = p.durationMs().get("sinkCommit");
      if (sink != null) {
        sinkWrite.record(Duration.ofMillis(sink));
      }
      inputRate.set((long) (p.inputRowsPerSecond() * 1000));
      processedRate.set((long) (p.processedRowsPerSecond() * 1000));
      lastBatchEndMs.set(System.currentTimeMillis());
      String wm = p.eventTime().get("watermark");
      if (wm != null) {
        watermarkMs.set(Instant.parse(wm).toEpochMilli());
      }
      for (int i = 0; i < p.stateOperators().size(); i++) {
        StateOperatorProgress op = p.stateOperators().get(i);
        String opTag = i + ":" + op.operatorName();
        operatorGauge("sluice.state.rows", opTag, null).set(op.numRowsTotal());
        operatorGauge("sluice.state.memory", opTag, "bytes").set(op.memoryUsedBytes());
        lateRows.computeIfAbsent(opTag, o -> Counter.builder("sluice.state.late.rows.dropped")
            .tags(tags.and("operator", o)).description("Input rows dropped as later than the watermark")
            .register(registry)).increment(op.numRowsDroppedByWatermark());
      }
      for (io.sluice.api.ExpectationProgress e : p.expectations()) {
        expectationCounter(e.name(), "passed").increment(e.passedRows());
        expectationCounter(e.name(), "failed").increment(e.failedRows());
      }
      for (int i = 0; i < p.sources().size(); i++) {
        SourceProgress s = p.sources().get(i);
        for (Map.Entry<String, String> e : s.metrics().entrySet()) {
          recordSourceMetric(i, e.getKey(), e.getValue());
        }
      }
    }

    private Counter expectationCounter(String expectation, String result) {
      return lateRows.computeIfAbsent("expectation/" + expectation + "/" + result,
          k -> Counter.builder("sluice.expectation.rows").tags(tags.and("expectation", expectation)
              .and("result", result)).description("Rows checked by an expectation, by result").register(registry));
    }

    private AtomicLong operatorGauge(String name, String operator, String unit) {
      return perOperator.computeIfAbsent(name + "/" + operator, k -> {
        AtomicLong v = new AtomicLong();
        Gauge.builder(name, v, AtomicLong::get).tags(tags.and("operator", operator)).baseUnit(unit)
            .register(registry);
        return v;
      });
    }

    /**
     * Numeric source metrics become gauges: Kafka lag per topic-partition
     * ({@code offsetsBehindLatest.<topic>.<partition>}) as {@code sluice_kafka_consumer_lag}, the
     * min/max/avg lag as {@code sluice_source_offsets_behind_latest{stat}}, others as
     * {@code sluice_source_metric{name}}.
     */
    private void recordSourceMetric(int source, String key, String value) {
      double v;
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return;
      }
      AtomicLong holder = sourceMetrics.computeIfAbsent(source + "/" + key, k -> {
        AtomicLong a = new AtomicLong();
        Tags t = tags.and("source", String.valueOf(source));
        if (key.startsWith("offsetsBehindLatest.")) {
          String rest = key.substring("offsetsBehindLatest.".length());
          int dot = rest.lastIndexOf('.');
          Gauge.builder("sluice.kafka.consumer.lag", a, x -> Double.longBitsToDouble(x.get()))
              .tags(t.and("topic", dot < 0 ? rest : rest.substring(0, dot))
                  .and("partition", dot < 0 ? "" : rest.substring(dot + 1)))
              .description("Offsets between the latest and the last processed, per topic-partition")
              .register(registry);
        } else if (key.endsWith("OffsetsBehindLatest")) {
          Gauge.builder("sluice.source.offsets.behind.latest", a, x -> Double.longBitsToDouble(x.get()))
              .tags(t.and("stat", key.substring(0, key.length() - "OffsetsBehindLatest".length())))
              .register(registry);
        } else {
          Gauge.builder("sluice.source.metric", a, x -> Double.longBitsToDouble(x.get()))
              .tags(t.and("name", key)).register(registry);
        }
        return a;
      });
      holder.set(Double.doubleToLongBits(v));
    }
  }
}
