package io.sluice.engine.internal.expr;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import java.util.List;

/**
 * {@code substring(str, pos, len)} with Spark's rules: 1-based, a negative {@code pos} counts
 * from the end, {@code pos} 0 acts as 1; on code points for strings (byte offsets directly when
 * the value is ASCII) and on bytes for binaries.
 */
final class SubstringExpr extends BaseExpr {
  private final BoundExpr child;
  private final int pos;
  private final int len;

  SubstringExpr(BoundExpr child, int pos, int len, String name, String sql) {
    super(child.type(), child.nullable(), name, sql, List.of(child));
    this.child = child;
    this.pos = pos;
    this.len = len;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    BytesVector s = (BytesVector) child.eval(input, ctx);
    int n = input.numRows();
    byte[] d = s.data();
    boolean chars = s.type() == DataTypes.STRING;
    BytesVector out = new BytesVector(type(), n);
    for (int i = 0; i < n; i++) {
      if (s.isNull(i)) {
        out.appendNull();
        continue;
      }
      int from = s.offset(i);
      int to = s.offset(i + 1);
      boolean bytes = !chars || Utf8.isAscii(d, from, to);
      int numChars = bytes ? to - from : Utf8.numChars(d, from, to);
      int start = pos > 0 ? pos - 1 : pos < 0 ? numChars + pos : 0;
      long endL = (long) start + len;
      int end = (int) Math.max(Math.min(endL, numChars), Integer.MIN_VALUE);
      start = Math.max(start, 0);
      if (start >= end) {
        out.append(d, from, 0);
      } else if (bytes) {
        out.append(d, from + start, end - start);
      } else {
        int bs = Utf8.byteOffset(d, from, to, start);
        int be = Utf8.byteOffset(d, from, to, end);
        out.append(d, bs, be - bs);
      }
    }
    return out;
  }
}
