package io.sluice.engine.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.Column;
import io.sluice.api.DataFrame;
import io.sluice.api.DataStreamWriter;
import io.sluice.api.GroupedData;
import io.sluice.api.StatefulProcessor;
import io.sluice.api.TimeMode;
import io.sluice.api.Functions;
import io.sluice.api.Row;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.plan.Expr;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.plan.PhysicalPlan;
import io.sluice.engine.internal.plan.Planner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The engine's DataFrame: a logical plan plus its session; analyzed as it is built. */
public final class DataFrameImpl implements DataFrame {
  private final SessionImpl session;
  private final LogicalPlan plan;
  private final StructType schema;

  /**
   * Wraps a plan, analyzing it now.
   *
   * @param session the session
   * @param plan the plan
   * @throws AnalysisException if the plan does not resolve
   */
  public DataFrameImpl(SessionImpl session, LogicalPlan plan) {
    this.session = session;
    this.plan = plan;
    this.schema = Analyzer.schemaOf(plan);
  }

  /** @return the session */
  public SessionImpl session() {
    return session;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public LogicalPlan logicalPlan() {
    return plan;
  }

  @Override
  public boolean isStreaming() {
    return plan.isStreaming();
  }

  private DataFrameImpl with(LogicalPlan p) {
    return new DataFrameImpl(session, p);
  }

  @Override
  public DataFrame select(Column... columns) {
    return with(new LogicalPlan.Project(Arrays.stream(columns).map(Column::expr).toList(), plan));
  }

  @Override
  public DataFrame select(String... columns) {
    return select(Arrays.stream(columns).map(Functions::col).toArray(Column[]::new));
  }

  @Override
  public DataFrame filter(Column condition) {
    return with(new LogicalPlan.Filter(condition.expr(), plan));
  }

  @Override
  public DataFrame where(Column condition) {
    return filter(condition);
  }

  @Override
  public DataFrame withColumn(String name, Column column) {
    List<Expr> exprs = new ArrayList<>();
    boolean replaced = false;
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        exprs.add(new Expr.Alias(column.expr(), name));
        replaced = true;
      } else {
        exprs.add(ref(f.name()));
      }
    }
    if (!replaced) {
      exprs.add(new Expr.Alias(column.expr(), name));
    }
    return with(new LogicalPlan.Project(exprs, plan));
  }

  @Override
  public DataFrame withColumnRenamed(String existing, String newName) {
    if (schema.indexOf(existing) < 0) {
      return this;
    }
    List<Expr> exprs = new ArrayList<>();
    for (StructField f : schema.fields()) {
      exprs.add(f.name().equalsIgnoreCase(existing) ? new Expr.Alias(ref(f.name()), newName) : ref(f.name()));
    }
    return with(new LogicalPlan.Project(exprs, plan));
  }

  @Override
  public DataFrame drop(String... columns) {
    Set<String> gone = new HashSet<>();
    for (String c : columns) {
      gone.add(c.toLowerCase(Locale.ROOT));
    }
    List<Expr> exprs = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!gone.contains(f.name().toLowerCase(Locale.ROOT))) {
        exprs.add(ref(f.name()));
      }
    }
    if (exprs.size() == schema.size()) {
      return this;
    }
    return with(new LogicalPlan.Project(exprs, plan));
  }

  private static Expr ref(String name) {
    // A name with a dot is a top-level column here, not a nested path.
    return new Expr.ColumnRef(List.of(name));
  }

  @Override
  public DataFrame union(DataFrame other) {
    if (isStreaming() != other.isStreaming()) {
      throw new AnalysisException("Union between a streaming and a bounded DataFrame is not "
          + "supported (as in Spark); join the bounded one instead, or make both streaming.");
    }
    return with(new LogicalPlan.Union(List.of(plan, other.logicalPlan())));
  }

  @Override
  public GroupedData groupBy(Column... keys) {
    List<Expr> exprs = Arrays.stream(keys).map(Column::expr).toList();
    return new GroupedData() {
      @Override
      public DataFrame agg(Column... aggregates) {
        if (aggregates.length == 0) {
          throw new AnalysisException("agg(...) needs at least one aggregate, e.g. count()");
        }
        return with(new LogicalPlan.Aggregate(exprs,
            Arrays.stream(aggregates).map(Column::expr).toList(), plan));
      }

      @Override
      public DataFrame count() {
        return agg(Functions.count().as("count"));
      }
    };
  }

  @Override
  public GroupedData groupBy(String... columns) {
    return groupBy(Arrays.stream(columns).map(Functions::col).toArray(Column[]::new));
  }

  @Override
  public DataFrame withWatermark(String column, String delay) {
    java.time.Duration d;
    try {
      d = io.sluice.api.Durations.parse(delay);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("Invalid watermark delay '" + delay + "' for column '" + column
          + "': " + e.getMessage(), e);
    }
    return with(new LogicalPlan.EventTimeWatermark(column, d, plan));
  }

  @Override
  public DataFrame dropDuplicates(String... columns) {
    return with(new LogicalPlan.Deduplicate(Arrays.asList(columns), false, plan));
  }

  @Override
  public DataFrame dropDuplicatesWithinWatermark(String... columns) {
    return with(new LogicalPlan.Deduplicate(Arrays.asList(columns), true, plan));
  }

  @Override
  public DataFrame join(DataFrame right, Column condition) {
    return join(right, condition, "inner");
  }

  @Override
  public DataFrame join(DataFrame right, Column condition, String joinType) {
    LogicalPlan.JoinType type;
    try {
      type = LogicalPlan.JoinType.parse(joinType);
    } catch (IllegalArgumentException e) {
      throw new AnalysisException(e.getMessage(), e);
    }
    return with(new LogicalPlan.Join(plan, right.logicalPlan(), type, condition.expr(), List.of()));
  }

  @Override
  public DataFrame join(DataFrame right, String... usingColumns) {
    if (usingColumns.length == 0) {
      throw new AnalysisException("join(right, columns...) needs at least one column; for a cross join "
          + "give a condition");
    }
    return with(new LogicalPlan.Join(plan, right.logicalPlan(), LogicalPlan.JoinType.INNER, null,
        Arrays.asList(usingColumns)));
  }

  @Override
  public DataFrame transformWithState(List<String> keyColumns, StatefulProcessor processor,
      StructType outputSchema, TimeMode timeMode) {
    return with(new LogicalPlan.TransformWithState(keyColumns, processor, null, outputSchema, timeMode, plan));
  }

  @Override
  public DataFrame transformWithState(List<String> keyColumns,
      java.util.function.Supplier<StatefulProcessor> processorFactory, StructType outputSchema, TimeMode timeMode) {
    StatefulProcessor first = processorFactory.get();
    if (first == null) {
      throw new AnalysisException("The processor factory of transformWithState returned null");
    }
    return with(new LogicalPlan.TransformWithState(keyColumns, first, processorFactory, outputSchema, timeMode,
        plan));
  }

  @Override
  public DataFrame expect(String name, Column condition, io.sluice.api.ExpectationAction onViolation) {
    if (name == null || name.isBlank()) {
      throw new AnalysisException("An expectation needs a name");
    }
    return with(new LogicalPlan.Expect(name, condition.expr(), onViolation, plan));
  }

  @Override
  public String explainString() {
    PhysicalPlan physical = new Planner().plan(plan);
    return "== Logical Plan ==\n" + plan.treeString() + "\n== Physical Plan ==\n" + physical.explain();
  }

  @Override
  public List<Row> collectAsList() {
    requireBatch("collectAsList");
    List<Row> out = new ArrayList<>();
    for (ColumnBatch b : executeBatch()) {
      out.addAll(b.rows());
    }
    return out;
  }

  @Override
  public long count() {
    requireBatch("count");
    long n = 0;
    for (ColumnBatch b : executeBatch()) {
      n += b.numRows();
    }
    return n;
  }

  private void requireBatch(String method) {
    if (isStreaming()) {
      throw new AnalysisException(method + "() runs a bounded DataFrame; this one reads a stream. "
          + "Start a query with writeStream() instead, e.g. to the memory sink or foreachBatch.");
    }
  }

  /** Runs a bounded plan: narrow operators only (stateful operators need a streaming query). */
  private List<ColumnBatch> executeBatch() {
    PhysicalPlan physical = new Planner().plan(plan);
    if (!physical.operators().isEmpty()) {
      throw new AnalysisException("Aggregations, deduplication and stateful joins on a bounded DataFrame "
          + "are not supported yet; run them in a streaming query");
    }
    MicroBatchRunner runner = new MicroBatchRunner(session.pool(), 1, null, List.of());
    long now = session.clock().millis();
    MicroBatchRunner.BatchRun run = new MicroBatchRunner.BatchRun(new io.sluice.api.connector.Offset[0],
        new io.sluice.api.connector.Offset[0],
        new io.sluice.engine.internal.stateful.OpContext(0, now, 0, 0, io.sluice.api.OutputMode.APPEND, false), 0, 0);
    try {
      List<ColumnBatch> out = new ArrayList<>();
      runner.run(physical.root(), run).forEach(out::addAll);
      return out;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new io.sluice.api.SluiceException("Running a bounded DataFrame failed: " + e.getMessage(), e);
    }
  }

  @Override
  public DataStreamWriter writeStream() {
    if (!isStreaming()) {
      throw new AnalysisException("writeStream() needs a streaming DataFrame (from "
          + "session.readStream()); this one is bounded. Use collectAsList() to read it.");
    }
    return new WriterImpl(this);
  }
}
