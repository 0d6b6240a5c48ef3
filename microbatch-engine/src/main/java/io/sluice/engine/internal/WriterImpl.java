package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.DataStreamWriter;
import io.sluice.api.ForeachBatchFunction;
import io.sluice.api.OutputMode;
import io.sluice.api.StreamingQuery;
import io.sluice.api.Trigger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Collects the sink, trigger and options of a query, then starts it. */
final class WriterImpl implements DataStreamWriter {
  private final DataFrameImpl df;
  private String format;
  private OutputMode mode = OutputMode.APPEND;
  private Trigger trigger = Trigger.processingTime(java.time.Duration.ZERO);
  private String name;
  private final Map<String, String> options = new LinkedHashMap<>();
  private ForeachBatchFunction foreachBatch;

  WriterImpl(DataFrameImpl df) {
    this.df = df;
  }

  @Override
  public DataStreamWriter format(String f) {
    this.format = f;
    return this;
  }

  @Override
  public DataStreamWriter outputMode(OutputMode m) {
    this.mode = m;
    return this;
  }

  @Override
  public DataStreamWriter outputMode(String m) {
    try {
      this.mode = OutputMode.valueOf(m.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("Unknown output mode '" + m + "'. Accepted output modes are "
          + "'append', 'update' and 'complete'.");
    }
    return this;
  }

  @Override
  public DataStreamWriter trigger(Trigger t) {
    this.trigger = t;
    return this;
  }

  @Override
  public DataStreamWriter queryName(String n) {
    this.name = n;
    return this;
  }

  @Override
  public DataStreamWriter option(String key, String value) {
    options.put(key, value);
    return this;
  }

  @Override
  public DataStreamWriter foreachBatch(ForeachBatchFunction function) {
    this.foreachBatch = function;
    return this;
  }

  @Override
  public StreamingQuery start() {
    QuerySpec spec = new QuerySpec(df, format, mode, trigger, name, Map.copyOf(options), foreachBatch);
    StreamExecution exec = new StreamExecution(df.session(), spec);
    df.session().streams().register(exec);
    try {
      exec.start();
    } catch (RuntimeException e) {
      df.session().streams().unregister(exec);
      throw e;
    }
    return exec;
  }

  /** Everything a query is started with. */
  record QuerySpec(
      DataFrameImpl df,
      String format,
      OutputMode mode,
      Trigger trigger,
      String name,
      Map<String, String> options,
      ForeachBatchFunction foreachBatch) {}
}
