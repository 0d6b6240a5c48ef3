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
 * {@code avg(x)}: a double, null when the group has no non-null value. The buffer is the sum (as a
 * double, like Spark for non-decimal input) and the count of non-null values.
 */
final class AvgAgg extends AggFunction {
  AvgAgg(String name, String prefix, BoundExpr arg) {
    super(name, DataTypes.DOUBLE, true,
        List.of(DataTypes.field(prefix + "sum", DataTypes.DOUBLE, false),
            DataTypes.field(prefix + "count", DataTypes.LONG, false)),
        new BoundExpr[] {arg});
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    long count = (Long) buffer.get(offset + 1);
    return count == 0 ? null : (Double) buffer.get(offset) / count;
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    out.add((Double) a.get(offset) + (Double) b.get(offset));
    out.add((Long) a.get(offset + 1) + (Long) b.get(offset + 1));
  }

  @Override
  AggState newState() {
    return new State();
  }

  static final class State extends AggState {
    private double[] sums = new double[16];
    private long[] counts = new long[16];

    @Override
    void addGroup(int g) {
      if (g >= sums.length) {
        int len = grownLength(sums.length, g + 1);
        sums = Arrays.copyOf(sums, len);
        counts = Arrays.copyOf(counts, len);
      }
      sums[g] = 0;
      counts[g] = 0;
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      ColumnVector v = args[0];
      double[] s = sums;
      long[] c = counts;
      boolean nullable = v.mayHaveNulls();
      if (v instanceof IntVector iv) {
        int[] x = iv.values();
        for (int i = 0; i < n; i++) {
          int g = groups[i];
          if (g >= 0 && !(nullable && v.isNull(i))) {
            s[g] += x[i];
            c[g]++;
          }
        }
      } else if (v instanceof LongVector lv) {
        long[] x = lv.values();
        for (int i = 0; i < n; i++) {
          int g = groups[i];
          if (g >= 0 && !(nullable && v.isNull(i))) {
            s[g] += x[i];
            c[g]++;
          }
        }
      } else {
        double[] x = ((DoubleVector) v).values();
        for (int i = 0; i < n; i++) {
          int g = groups[i];
          if (g >= 0 && !(nullable && v.isNull(i))) {
            s[g] += x[i];
            c[g]++;
          }
        }
      }
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      double[] ps = ((DoubleVector) partial.column(column)).values();
      long[] pc = ((LongVector) partial.column(column + 1)).values();
      double[] s = sums;
      long[] c = counts;
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g >= 0) {
          s[g] += ps[i];
          c[g] += pc[i];
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      DoubleVector s = (DoubleVector) out[column];
      LongVector c = (LongVector) out[column + 1];
      for (int g = 0; g < numGroups; g++) {
        s.append(sums[g]);
        c.append(counts[g]);
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(sums[g]);
      out.add(counts[g]);
    }

    @Override
    void clear() {}
  }
}
