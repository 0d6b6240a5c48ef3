package io.sluice.engine.internal.plan;

import io.sluice.api.ExpectationAction;
import io.sluice.api.ExpectationProgress;
import io.sluice.api.SluiceException;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.EvalContext;
import io.sluice.engine.internal.expr.ExprResolver;
import io.sluice.api.AnalysisException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A data-quality expectation as a narrow operator: counts the rows that meet its condition and
 * those that violate it (false or null), and drops, fails on, or quarantines the violators.
 * Counters and quarantined rows are per batch; the driver resets them before each batch.
 */
public final class ExpectationOp implements BatchOp {
  private final String name;
  private final ExpectationAction action;
  private final BoundExpr condition;
  private final StructType input;
  private final StructType quarantineSchema;
  private final LongAdder passed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final ConcurrentLinkedQueue<ColumnBatch> quarantined = new ConcurrentLinkedQueue<>();
  private volatile long batchId;

  /**
   * Compiles an expectation.
   *
   * @param name its name
   * @param condition the condition
   * @param action what to do with violating rows
   * @param input the input schema
   */
  public ExpectationOp(String name, Expr condition, ExpectationAction action, StructType input) {
    this.name = name;
    this.action = action;
    this.input = input;
    this.condition = ExprResolver.resolve(condition, input);
    if (this.condition.type() != DataTypes.BOOLEAN) {
      throw new AnalysisException("Expectation '" + name + "' needs a boolean condition, got "
          + this.condition.type().simpleString() + ": " + condition.sql());
    }
    List<StructField> fields = new ArrayList<>(input.fields());
    fields.add(new StructField("_expectation", DataTypes.STRING, false));
    fields.add(new StructField("_batch_id", DataTypes.LONG, false));
    this.quarantineSchema = new StructType(fields);
  }

  /** @return the name */
  public String name() {
    return name;
  }

  /** @return the action */
  public ExpectationAction action() {
    return action;
  }

  /** @return the schema of quarantined rows: the input's columns, the expectation and the batch id */
  public StructType quarantineSchema() {
    return quarantineSchema;
  }

  /**
   * Starts a batch: counters and quarantined rows start empty.
   *
   * @param id the batch id
   */
  public void reset(long id) {
    batchId = id;
    passed.reset();
    failed.reset();
    quarantined.clear();
  }

  /** @return this batch's counts */
  public ExpectationProgress progress() {
    return new ExpectationProgress(name, action, passed.sum(), failed.sum());
  }

  /** @return this batch's quarantined rows (schema {@link #quarantineSchema()}) */
  public List<ColumnBatch> quarantined() {
    return List.copyOf(quarantined);
  }

  @Override
  public ColumnBatch apply(ColumnBatch in, EvalContext ctx) {
    BooleanVector ok = (BooleanVector) condition.eval(in, ctx);
    int n = in.numRows();
    int[] keep = new int[n];
    int[] bad = new int[n];
    int k = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (!ok.isNull(i) && ok.get(i)) {
        keep[k++] = i;
      } else {
        bad[b++] = i;
      }
    }
    passed.add(k);
    failed.add(b);
    if (b == 0) {
      return in;
    }
    if (action == ExpectationAction.FAIL) {
      throw new SluiceException("Expectation '" + name + "' (" + condition.sql() + ") failed for row "
          + in.row(bad[0]) + " in batch " + batchId + "; the query stops (onViolation = FAIL). Fix the input, "
          + "or use DROP or QUARANTINE to keep going.");
    }
    if (action == ExpectationAction.QUARANTINE) {
      ColumnBatch violators = in.select(bad, b);
      ColumnVector[] cols = new ColumnVector[quarantineSchema.size()];
      for (int c = 0; c < input.size(); c++) {
        cols[c] = violators.column(c);
      }
      BytesVector names = new BytesVector(DataTypes.STRING, b);
      LongVector ids = new LongVector(DataTypes.LONG, b);
      for (int i = 0; i < b; i++) {
        names.appendString(name);
        ids.append(batchId);
      }
      cols[input.size()] = names;
      cols[input.size() + 1] = ids;
      quarantined.add(new ColumnBatch(quarantineSchema, cols, b));
    }
    return in.select(keep, k);
  }

  @Override
  public String describe() {
    return "Expect '" + name + "' " + condition.sql() + " (" + action + ")";
  }
}
