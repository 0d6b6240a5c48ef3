package io.sluice.engine.internal.agg;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.ExprResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The resolved aggregates of one {@code groupBy(...).agg(...)}: their result columns, the layout
 * of their partial buffers (what the shuffle carries and the state store keeps), and how to merge
 * and finish buffers. Immutable, thread-safe; {@link GroupedAggregator} does the vectorized work.
 *
 * <p>Buffer field names are {@code agg<i>_<part>} (e.g. {@code agg1_sum}, {@code agg1_count} for
 * an avg in second position): unique and valid Avro names, so the state store can encode them.
 */
public final class AggregateFunctions {
  private static final List<String> KNOWN = List.of("count", "sum", "avg", "min", "max", "first",
      "last", "collect_list", "collect_set", "approx_count_distinct");

  private final List<AggFunction> functions;
  private final int[] bufferOffsets;
  private final StructType resultSchema;
  private final StructType bufferSchema;

  /**
   * Resolves aggregate expressions against the input schema.
   *
   * @param aggregateExprs each an {@link Expr.Aggregate}, possibly wrapped in {@link Expr.Alias}
   * @param inputSchema the schema of the rows the aggregates read
   * @throws AnalysisException for an expression that is not an aggregate, an unknown aggregate,
   *     wrong arity, an argument of the wrong type, nested aggregates, or an unknown column
   */
  public AggregateFunctions(List<Expr> aggregateExprs, StructType inputSchema) {
    List<AggFunction> fns = new ArrayList<>(aggregateExprs.size());
    for (Expr e : aggregateExprs) {
      fns.add(resolve(e, inputSchema, "agg" + fns.size() + "_"));
    }
    this.functions = List.copyOf(fns);
    this.bufferOffsets = new int[fns.size()];
    List<StructField> results = new ArrayList<>();
    List<StructField> buffers = new ArrayList<>();
    for (int f = 0; f < fns.size(); f++) {
      AggFunction fn = fns.get(f);
      bufferOffsets[f] = buffers.size();
      results.add(DataTypes.field(fn.name(), fn.resultType(), fn.resultNullable()));
      buffers.addAll(fn.bufferFields());
    }
    this.resultSchema = new StructType(results);
    this.bufferSchema = new StructType(buffers);
  }

  /** @return the number of aggregates */
  public int size() {
    return functions.size();
  }

  /**
   * The final output fields, one per aggregate, named by the alias or else like Spark
   * ({@code count(1)}, {@code sum(n)}, {@code count(DISTINCT n)}, ...).
   *
   * @return the result schema
   */
  public StructType resultSchema() {
    return resultSchema;
  }

  /**
   * The partial buffers of all aggregates, concatenated in aggregate order.
   *
   * @return the buffer schema
   */
  public StructType bufferSchema() {
    return bufferSchema;
  }

  /**
   * Finishes one group's buffer.
   *
   * @param buffer values in {@link #bufferSchema()} order, Java representations
   * @return the results, in {@link #resultSchema()} order
   * @throws IllegalArgumentException if the buffer has the wrong number of values
   */
  public Object[] finish(List<Object> buffer) {
    checkBuffer(buffer);
    Object[] out = new Object[functions.size()];
    for (int f = 0; f < out.length; f++) {
      out[f] = functions.get(f).finish(buffer, bufferOffsets[f]);
    }
    return out;
  }

  /**
   * Merges buffer {@code b} into {@code a}; {@code a} is the earlier one in arrival order (first,
   * last and collect_list depend on it).
   *
   * @param a a buffer, {@link #bufferSchema()} order
   * @param b a later buffer
   * @return the merged buffer (a new list; neither input is modified)
   * @throws IllegalArgumentException if a buffer has the wrong number of values
   */
  public List<Object> merge(List<Object> a, List<Object> b) {
    checkBuffer(a);
    checkBuffer(b);
    List<Object> out = new ArrayList<>(bufferSchema.size());
    for (int f = 0; f < functions.size(); f++) {
      functions.get(f).merge(a, b, bufferOffsets[f], out);
    }
    return out;
  }

  List<AggFunction> functions() {
    return functions;
  }

  int bufferOffset(int f) {
    return bufferOffsets[f];
  }

  private void checkBuffer(List<Object> buffer) {
    if (buffer.size() != bufferSchema.size()) {
      throw new IllegalArgumentException("buffer has " + buffer.size() + " values, expected "
          + bufferSchema.size() + " for " + bufferSchema.simpleString());
    }
  }

  // ---- resolution ----

  private static AggFunction resolve(Expr e, StructType input, String prefix) {
    String alias = null;
    Expr inner = e;
    while (inner instanceof Expr.Alias a) {
      if (alias == null) {
        alias = a.name();
      }
      inner = a.child();
    }
    if (!(inner instanceof Expr.Aggregate agg)) {
      if (containsAggregate(inner)) {
        throw new AnalysisException("Expression '" + inner.sql() + "' computes on the result of"
            + " an aggregate, which agg(...) does not support; aggregate first, then compute it"
            + " in a select(...) on the aggregated table");
      }
      throw new AnalysisException("Expression '" + inner.sql() + "' is neither an aggregate"
          + " function nor a grouping column; wrap it in an aggregate such as first("
          + inner.sql() + ")");
    }
    for (Expr arg : agg.args()) {
      Expr nested = findAggregate(arg);
      if (nested != null) {
        throw new AnalysisException("Aggregate function " + agg.sql() + " contains the aggregate "
            + nested.sql() + "; aggregates cannot be nested. Aggregate in two steps instead");
      }
    }
    String fn = agg.name().toLowerCase(Locale.ROOT);
    if (!KNOWN.contains(fn)) {
      throw new AnalysisException("Unknown aggregate function '" + agg.name() + "' in "
          + agg.sql() + ". Known aggregate functions: " + KNOWN);
    }
    if (agg.distinct() && !fn.equals("count")) {
      throw new AnalysisException("DISTINCT is only supported in count(DISTINCT ...), not in "
          + agg.sql());
    }
    String name = alias != null ? alias
        : fn.equals("count") && !agg.distinct() && agg.args().isEmpty() ? "count(1)" : agg.sql();
    List<Expr> args = agg.args();
    switch (fn) {
      case "count":
        if (agg.distinct() && args.isEmpty()) {
          throw new AnalysisException("count(DISTINCT ...) needs at least one argument: "
              + agg.sql());
        }
        if (agg.distinct()) {
          return new DistinctAgg(true, name, prefix, bindValues(args, input, agg));
        }
        return new CountAgg(name, prefix, bind(args, input));
      case "sum":
      case "avg": {
        BoundExpr arg = bindNumeric(oneArg(agg), input, agg);
        return fn.equals("avg") ? new AvgAgg(name, prefix, arg)
            : new SumAgg(name, prefix, arg, arg.type() != DataTypes.DOUBLE);
      }
      case "min":
        return new SelectValueAgg(SelectValueAgg.Kind.MIN, name, prefix, bindValue(agg, input));
      case "max":
        return new SelectValueAgg(SelectValueAgg.Kind.MAX, name, prefix, bindValue(agg, input));
      case "first":
        return new SelectValueAgg(SelectValueAgg.Kind.FIRST, name, prefix, bindValue(agg, input));
      case "last":
        return new SelectValueAgg(SelectValueAgg.Kind.LAST, name, prefix, bindValue(agg, input));
      case "collect_list":
        return new CollectListAgg(name, prefix, bindValue(agg, input));
      case "collect_set":
        return new DistinctAgg(false, name, prefix, new BoundExpr[] {bindValue(agg, input)});
      default:
        return new ApproxCountDistinctAgg(name, prefix, bindValue(agg, input));
    }
  }

  private static Expr oneArg(Expr.Aggregate agg) {
    if (agg.args().size() != 1) {
      throw new AnalysisException(agg.name() + " takes exactly one argument, got "
          + agg.args().size() + ": " + agg.sql());
    }
    return agg.args().get(0);
  }

  private static BoundExpr[] bind(List<Expr> args, StructType input) {
    BoundExpr[] out = new BoundExpr[args.size()];
    for (int a = 0; a < out.length; a++) {
      out[a] = ExprResolver.resolve(args.get(a), input);
    }
    return out;
  }

  /** Binds arguments whose values the aggregate stores; they need a concrete type. */
  private static BoundExpr[] bindValues(List<Expr> args, StructType input, Expr.Aggregate agg) {
    BoundExpr[] out = bind(args, input);
    for (BoundExpr b : out) {
      if (b.type() == DataTypes.NULL) {
        throw new AnalysisException(agg.name() + " cannot aggregate an untyped NULL: "
            + agg.sql() + "; cast it to a type, e.g. lit(null).cast(\"string\")");
      }
    }
    return out;
  }

  private static BoundExpr bindValue(Expr.Aggregate agg, StructType input) {
    return bindValues(List.of(oneArg(agg)), input, agg)[0];
  }

  /** sum/avg: int, bigint and double as they are; strings and NULL cast to double as in Spark. */
  private static BoundExpr bindNumeric(Expr arg, StructType input, Expr.Aggregate agg) {
    BoundExpr bound = ExprResolver.resolve(arg, input);
    DataType t = bound.type();
    if (t.isNumeric()) {
      return bound;
    }
    if (t == DataTypes.STRING || t == DataTypes.NULL) {
      return ExprResolver.resolve(new Expr.Cast(arg, DataTypes.DOUBLE), input);
    }
    throw new AnalysisException(agg.name() + " requires a numeric argument (int, bigint, double,"
        + " or a string cast to double), got " + t.simpleString() + ": " + agg.sql());
  }

  private static boolean containsAggregate(Expr e) {
    return findAggregate(e) != null;
  }

  private static Expr findAggregate(Expr e) {
    if (e instanceof Expr.Aggregate) {
      return e;
    }
    for (Expr c : e.children()) {
      Expr found = findAggregate(c);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
