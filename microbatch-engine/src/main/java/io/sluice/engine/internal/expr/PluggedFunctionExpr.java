package io.sluice.engine.internal.expr;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.FunctionContext;
import io.sluice.api.connector.ScalarFunction;
import io.sluice.api.connector.ScalarFunctionProvider;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** A call of a function added by a {@link ScalarFunctionProvider} on the class path. */
final class PluggedFunctionExpr extends BaseExpr {
  private static final List<ScalarFunctionProvider> PROVIDERS = load();

  private final ScalarFunction function;

  private PluggedFunctionExpr(ScalarFunction function, List<BoundExpr> args, String name, String sql) {
    super(function.resultType(), function.nullable(), name, sql, args);
    this.function = function;
  }

  private static List<ScalarFunctionProvider> load() {
    List<ScalarFunctionProvider> out = new ArrayList<>();
    ServiceLoader.load(ScalarFunctionProvider.class, PluggedFunctionExpr.class.getClassLoader())
        .forEach(out::add);
    return List.copyOf(out);
  }

  /** @return the names of every plugged function */
  static TreeSet<String> names() {
    TreeSet<String> names = new TreeSet<>();
    PROVIDERS.forEach(p -> names.addAll(p.names()));
    return names;
  }

  /**
   * Binds a call to a plugged function, or returns null if no provider names it.
   *
   * @param fn the function name
   * @param args the bound arguments
   * @param name the output name
   * @param sql the SQL text
   * @return the expression or null
   */
  static BoundExpr bindOrNull(String fn, List<BoundExpr> args, String name, String sql) {
    for (ScalarFunctionProvider p : PROVIDERS) {
      if (p.names().contains(fn)) {
        List<DataType> types = new ArrayList<>();
        List<Object> literals = new ArrayList<>();
        for (BoundExpr a : args) {
          types.add(a.type());
          LiteralExpr lit = ExprResolver.constant(a);
          literals.add(lit == null ? null : lit.value());
        }
        ScalarFunction f = p.bind(fn, types, literals);
        if (f == null) {
          throw new AnalysisException("Function provider " + p + " did not bind " + sql);
        }
        return new PluggedFunctionExpr(f, args, name, sql);
      }
    }
    return null;
  }

  @Override
  boolean foldable() {
    return false;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    ColumnVector[] values = new ColumnVector[children.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = children.get(i).eval(input, ctx);
    }
    FunctionContext fc = new FunctionContext() {
      @Override
      public long batchTimestampMicros() {
        return ctx.batchTimestampMicros();
      }

      @Override
      public void markDropped(int row) {
        ctx.markDropped(row);
      }
    };
    return function.eval(values, input.numRows(), fc);
  }
}
