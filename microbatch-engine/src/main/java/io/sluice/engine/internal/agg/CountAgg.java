package io.sluice.engine.internal.agg;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.Arrays;
import java.util.List;

/** {@code count(*)} (no arguments) counts rows; {@code count(a, ...)} rows where all are non-null. */
final class CountAgg extends AggFunction {
  CountAgg(String name, String prefix, BoundExpr[] args) {
    super(name, DataTypes.LONG, false,
        List.of(DataTypes.field(prefix + "count", DataTypes.LONG, false)), args);
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    return (Long) buffer.get(offset);
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    out.add((Long) a.get(offset) + (Long) b.get(offset));
  }

  @Override
  AggState newState() {
    return new State();
  }

  static final class State extends AggState {
    private long[] counts = new long[16];

    @Override
    void addGroup(int g) {
      if (g >= counts.length) {
        counts = Arrays.copyOf(counts, grownLength(counts.length, g + 1));
      }
      counts[g] = 0;
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      long[] c = counts;
      boolean anyNulls = false;
      for (ColumnVector a : args) {
        anyNulls |= a.mayHaveNulls();
      }
      if (!anyNulls) {
        for (int i = 0; i < n; i++) {
          int g = groups[i];
          if (g >= 0) {
            c[g]++;
          }
        }
        return;
      }
      rows:
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g < 0) {
          continue;
        }
        for (ColumnVector a : args) {
          if (a.isNull(i)) {
            continue rows;
          }
        }
        c[g]++;
      }
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      long[] v = ((LongVector) partial.column(column)).values();
      long[] c = counts;
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g >= 0) {
          c[g] += v[i];
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      LongVector v = (LongVector) out[column];
      for (int g = 0; g < numGroups; g++) {
        v.append(counts[g]);
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(counts[g]);
    }

    @Override
    void clear() {}
  }
}
