package io.sluice.engine.internal;

import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;

/** Widening rules shared by the analyzer (unions) and the planner. */
public final class TypeCoercion {
  private TypeCoercion() {}

  /**
   * The narrowest type both values widen to, or null if none.
   *
   * @param a a type
   * @param b another type
   * @return the common type or null
   */
  public static DataType commonType(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    }
    if (a == DataTypes.NULL) {
      return b;
    }
    if (b == DataTypes.NULL) {
      return a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return rank(a) >= rank(b) ? a : b;
    }
    if ((a == DataTypes.DATE && b == DataTypes.TIMESTAMP) || (a == DataTypes.TIMESTAMP && b == DataTypes.DATE)) {
      return DataTypes.TIMESTAMP;
    }
    return null;
  }

  private static int rank(DataType t) {
    return t == DataTypes.INT ? 0 : t == DataTypes.LONG ? 1 : 2;
  }
}
