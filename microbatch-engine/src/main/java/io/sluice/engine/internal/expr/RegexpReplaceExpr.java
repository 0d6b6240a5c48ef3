package io.sluice.engine.internal.expr;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code regexp_replace(str, pattern, replacement)}: every match of a Java regular expression
 * (compiled once, at analysis) replaced; {@code $1} in the replacement refers to a group.
 */
final class RegexpReplaceExpr extends BaseExpr {
  private final BoundExpr child;
  private final Pattern pattern;
  private final String replacement;

  RegexpReplaceExpr(BoundExpr child, Pattern pattern, String replacement, String name,
      String sql) {
    super(DataTypes.STRING, child.nullable(), name, sql, List.of(child));
    this.child = child;
    this.pattern = pattern;
    this.replacement = replacement;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    BytesVector s = (BytesVector) child.eval(input, ctx);
    int n = input.numRows();
    BytesVector out = new BytesVector(DataTypes.STRING, n);
    Matcher m = pattern.matcher("");
    for (int i = 0; i < n; i++) {
      if (s.isNull(i)) {
        out.appendNull();
      } else {
        out.appendString(m.reset(s.getString(i)).replaceAll(replacement));
      }
    }
    return out;
  }
}
