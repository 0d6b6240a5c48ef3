package io.sluice.engine.internal.expr;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code split(str, pattern[, limit])}: the parts around matches of a Java regular expression
 * (compiled once), as {@code array<string>}; trailing empty strings are kept (limit -1), as Spark.
 */
final class SplitExpr extends BaseExpr {
  private final BoundExpr child;
  private final Pattern pattern;
  private final int limit;

  SplitExpr(BoundExpr child, Pattern pattern, int limit, String name, String sql) {
    super(DataTypes.array(DataTypes.STRING), child.nullable(), name, sql, List.of(child));
    this.child = child;
    this.pattern = pattern;
    this.limit = limit > 0 ? limit : -1;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    BytesVector s = (BytesVector) child.eval(input, ctx);
    int n = input.numRows();
    ArrayVector out = new ArrayVector(DataTypes.array(DataTypes.STRING), n);
    BytesVector elements = (BytesVector) out.elements();
    for (int i = 0; i < n; i++) {
      if (s.isNull(i)) {
        out.appendNull();
        continue;
      }
      for (String part : pattern.split(s.getString(i), limit)) {
        elements.appendString(part);
      }
      out.appendRowFromElements();
    }
    return out;
  }
}
