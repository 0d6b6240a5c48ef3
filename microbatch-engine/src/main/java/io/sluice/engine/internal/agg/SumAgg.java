package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sum(x)}: bigint for int/bigint input (wrapping on overflow, as Spark without ANSI mode),
 * double for double input; null when the group has no non-null value. The buffer is the running
 * sum, null until a value arrives.
 */
final class SumAgg extends AggFunction {
  private final boolean integral;

  /**
   * @param integral true for int/bigint input (bigint sum), false for double input
   */
  SumAgg(String name, String prefix, BoundExpr arg, boolean integral) {
    super(name, integral ? DataTypes.LONG : DataTypes.DOUBLE, true,
        List.of(DataTypes.field(prefix + "sum", integral ? DataTypes.LONG : DataTypes.DOUBLE)),
        new BoundExpr[] {arg});
    this.integral = integral;
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    return buffer.get(offset);
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    Object x = a.get(offset);
    Object y = b.get(offset);
    if (x == null || y == null) {
      out.add(x == null ? y : x);
    } else if (integral) {
      out.add((Long) x + (Long) y);
    } else {
      out.add((Double) x + (Double) y);
    }
  }

  @Override
  AggState newState() {
    return integral ? new LongState() : new DoubleState();
  }

  /** Integral sums; input vectors are int (raw int input) or bigint (bigint input, partials). */
  static final class LongState extends AggState {
    private long[] sums = new long[16];
    private boolean[] has = new boolean[16];

    @Override
    void addGroup(int g) {
      if (g >= sums.length) {
        int len = grownLength(sums.length, g + 1);
        sums = Arrays.copyOf(sums, len);
        has = Arrays.copyOf(has, len);
      }
      sums[g] = 0;
      has[g] = false;
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      add(groups, args[0], n);
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      add(groups, partial.column(column), n);
    }

    private void add(int[] groups, ColumnVector v, int n) {
      long[] s = sums;
      boolean[] h = has;
      boolean nullable = v.mayHaveNulls();
      if (v instanceof IntVector iv) {
        int[] x = iv.values();
        for (int i = 0; i < n; i++) {
          int g = groups[i];
          if (g >= 0 && !(nullable && v.isNull(i))) {
            s[g] += x[i];
            h[g] = true;
          }
        }
      } else {
        long[] x = ((LongVector) v).values();
        for (int i = 0; i < n; i++) {
          int g = groups[i];
          if (g >= 0 && !(nullable && v.isNull(i))) {
            s[g] += x[i];
            h[g] = true;
          }
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      LongVector v = (LongVector) out[column];
      for (int g = 0; g < numGroups; g++) {
        if (has[g]) {
          v.append(sums[g]);
        } else {
          v.appendNull();
        }
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(has[g] ? (Object) sums[g] : null);
    }

    @Override
    void clear() {}
  }

  /** Double sums; input vectors are double (raw input, strings cast to double, partials). */
  static final class DoubleState extends AggState {
    private double[] sums = new double[16];
    private boolean[] has = new boolean[16];

    @Override
    void addGroup(int g) {
      if (g >= sums.length) {
        int len = grownLength(sums.length, g + 1);
        sums = Arrays.copyOf(sums, len);
        has = Arrays.copyOf(has, len);
      }
      sums[g] = 0;
      has[g] = false;
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      add(groups, args[0], n);
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      add(groups, partial.column(column), n);
    }

    private void add(int[] groups, ColumnVector v, int n) {
      double[] s = sums;
      boolean[] h = has;
      double[] x = ((DoubleVector) v).values();
      boolean nullable = v.mayHaveNulls();
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g >= 0 && !(nullable && v.isNull(i))) {
          s[g] += x[i];
          h[g] = true;
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      DoubleVector v = (DoubleVector) out[column];
      for (int g = 0; g < numGroups; g++) {
        if (has[g]) {
          v.append(sums[g]);
        } else {
          v.appendNull();
        }
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(has[g] ? (Object) sums[g] : null);
    }

    @Override
    void clear() {}
  }
}
