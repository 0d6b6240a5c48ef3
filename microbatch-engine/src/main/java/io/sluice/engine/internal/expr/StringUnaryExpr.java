package io.sluice.engine.internal.expr;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.List;
import java.util.Locale;

/**
 * {@code lower}, {@code upper}, {@code trim} and {@code length} over UTF-8 bytes. ASCII values are
 * transformed byte by byte in place in the output buffer; other values are decoded once.
 */
final class StringUnaryExpr extends BaseExpr {
  /** The function. */
  enum Kind { LOWER, UPPER, TRIM, LENGTH }

  private final Kind kind;
  private final BoundExpr child;

  StringUnaryExpr(Kind kind, BoundExpr child, String name, String sql) {
    super(kind == Kind.LENGTH ? DataTypes.INT : child.type(), child.nullable(), name, sql,
        List.of(child));
    this.kind = kind;
    this.child = child;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    BytesVector s = (BytesVector) child.eval(input, ctx);
    int n = input.numRows();
    byte[] d = s.data();
    if (kind == Kind.LENGTH) {
      IntVector out = new IntVector(DataTypes.INT, n);
      boolean chars = s.type() == DataTypes.STRING;
      for (int i = 0; i < n; i++) {
        out.append(chars ? Utf8.numChars(d, s.offset(i), s.offset(i + 1)) : s.length(i));
      }
      Vectors.propagateNulls(out, s, n);
      return out;
    }
    DataType t = type();
    BytesVector out = new BytesVector(t, n);
    for (int i = 0; i < n; i++) {
      int start = s.offset(i);
      int end = s.offset(i + 1);
      if (s.isNull(i)) {
        out.appendNull();
      } else if (kind == Kind.TRIM) {
        while (start < end && d[start] == ' ') {
          start++;
        }
        while (end > start && d[end - 1] == ' ') {
          end--;
        }
        out.append(d, start, end - start);
      } else if (Utf8.isAscii(d, start, end)) {
        int len = end - start;
        byte[] o = out.reserve(len);
        int pos = out.dataEnd();
        boolean lower = kind == Kind.LOWER;
        for (int k = start; k < end; k++) {
          byte c = d[k];
          if (lower && c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
          } else if (!lower && c >= 'a' && c <= 'z') {
            c -= 'a' - 'A';
          }
          o[pos++] = c;
        }
        out.commitAppend(len);
      } else {
        String v = s.getString(i);
        out.appendString(kind == Kind.LOWER ? v.toLowerCase(Locale.ROOT)
            : v.toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }
}
