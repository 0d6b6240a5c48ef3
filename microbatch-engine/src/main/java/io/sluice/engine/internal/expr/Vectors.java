package io.sluice.engine.internal.expr;

import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.DataType;

/** Small helpers shared by the expression kernels. */
final class Vectors {
  private Vectors() {}

  /**
   * Sets {@code out} null wherever {@code a} or {@code b} is null.
   *
   * @param out the result, already holding {@code n} values
   * @param a an operand
   * @param b an operand
   * @param n the number of rows
   */
  static void propagateNulls(ColumnVector out, ColumnVector a, ColumnVector b, int n) {
    if (a.mayHaveNulls()) {
      for (int i = 0; i < n; i++) {
        if (a.isNull(i)) {
          out.setNull(i);
        }
      }
    }
    if (b.mayHaveNulls()) {
      for (int i = 0; i < n; i++) {
        if (b.isNull(i)) {
          out.setNull(i);
        }
      }
    }
  }

  /**
   * Sets {@code out} null wherever {@code a} is null.
   *
   * @param out the result, already holding {@code n} values
   * @param a the operand
   * @param n the number of rows
   */
  static void propagateNulls(ColumnVector out, ColumnVector a, int n) {
    if (a.mayHaveNulls()) {
      for (int i = 0; i < n; i++) {
        if (a.isNull(i)) {
          out.setNull(i);
        }
      }
    }
  }

  /**
   * A vector of {@code n} nulls.
   *
   * @param type the type
   * @param n the number of rows
   * @return the vector
   */
  static ColumnVector nulls(DataType type, int n) {
    ColumnVector v = ColumnVector.allocate(type, n);
    for (int i = 0; i < n; i++) {
      v.appendNull();
    }
    return v;
  }

  /**
   * Marks value {@code i} null, and for a struct every nested field too, so that readers of the
   * child vectors see the null.
   *
   * @param v the vector
   * @param i the index
   */
  static void setNullDeep(ColumnVector v, int i) {
    v.setNull(i);
    if (v instanceof StructVector s) {
      for (int f = 0; f < s.structType().size(); f++) {
        setNullDeep(s.child(f), i);
      }
    }
  }
}
