package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.ConfigOption;
import io.sluice.api.DataFrame;
import io.sluice.api.DataFrameReader;
import io.sluice.api.DataStreamReader;
import io.sluice.api.Row;
import io.sluice.api.StreamSession;
import io.sluice.api.StreamingQueryManager;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructType;
import io.sluice.engine.EngineClock;
import io.sluice.engine.EngineOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's session: configuration, executor pool, clock and query manager. */
public final class SessionImpl implements StreamSession {
  private final String appName;
  private final Map<String, String> conf;
  private final QueryManagerImpl queries = new QueryManagerImpl();
  private volatile EngineClock clock = EngineClock.SYSTEM;
  private ExecutorService pool;
  private final io.sluice.engine.internal.metrics.EngineMetrics metrics =
      new io.sluice.engine.internal.metrics.EngineMetrics();
  private io.sluice.engine.internal.http.MonitoringServer http;

  SessionImpl(String appName, Map<String, String> conf) {
    this.appName = appName;
    this.conf = Map.copyOf(conf);
    for (ConfigOption<?> o : EngineOptions.ALL) {
      if (conf.containsKey(o.key())) {
        try {
          o.parse(conf.get(o.key()));
        } catch (IllegalArgumentException e) {
          throw new AnalysisException(e.getMessage(), e);
        }
      }
    }
    queries.addListener(metrics);
    int port = conf(EngineOptions.HTTP_PORT);
    if (port >= 0) {
      http = new io.sluice.engine.internal.http.MonitoringServer(conf(EngineOptions.HTTP_HOST), port,
          new Monitoring(this));
    }
  }

  /** @return the session's metrics */
  public io.sluice.engine.internal.metrics.EngineMetrics metrics() {
    return metrics;
  }

  /** @return the port of the monitoring HTTP server, or -1 if none runs */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  @Override
  public String appName() {
    return appName;
  }

  @Override
  public Map<String, String> conf() {
    return conf;
  }

  @Override
  public <T> T conf(ConfigOption<T> option) {
    return option.parse(conf.get(option.key()));
  }

  /** @return the clock queries use */
  public EngineClock clock() {
    return clock;
  }

  /**
   * Replaces the clock for queries started afterwards (tests).
   *
   * @param c the clock
   */
  public void setClock(EngineClock c) {
    this.clock = c;
  }

  /** @return the executor pool shared by this session's queries, created on first use */
  public synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      ThreadFactory tf = r -> {
        Thread t = new Thread(r, "sluice-task-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      pool = Executors.newFixedThreadPool(conf(EngineOptions.EXECUTOR_THREADS), tf);
    }
    return pool;
  }

  @Override
  public DataStreamReader readStream() {
    return ReaderImpl.streaming(this);
  }

  @Override
  public DataFrameReader read() {
    return ReaderImpl.batch(this);
  }

  @Override
  public DataFrame createDataFrame(List<Row> rows, StructType schema) {
    return new DataFrameImpl(this,
        new LogicalPlan.LocalRelation(schema, List.of(ColumnBatch.fromRows(schema, rows))));
  }

  @Override
  public QueryManagerImpl streams() {
    return queries;
  }

  StreamingQueryManager manager() {
    return queries;
  }

  @Override
  public void close() {
    queries.stopAll();
    if (http != null) {
      http.close();
      http = null;
    }
    synchronized (this) {
      if (pool != null) {
        pool.shutdownNow();
        pool = null;
      }
    }
  }
}
