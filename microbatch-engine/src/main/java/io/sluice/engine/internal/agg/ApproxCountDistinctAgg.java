package io.sluice.engine.internal.agg;

import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataTypes;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.Arrays;
import java.util.List;

/**
 * {@code approx_count_distinct(x)}: a HyperLogLog estimate of the distinct non-null values. The
 * buffer is the sketch's registers as binary (see {@link HyperLogLog}).
 */
final class ApproxCountDistinctAgg extends AggFunction {
  private final TypeOps ops;

  ApproxCountDistinctAgg(String name, String prefix, BoundExpr arg) {
    super(name, DataTypes.LONG, false,
        List.of(DataTypes.field(prefix + "hll", DataTypes.BINARY, false)), new BoundExpr[] {arg});
    this.ops = TypeOps.of(arg.type());
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    return HyperLogLog.estimate((byte[]) buffer.get(offset));
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    byte[] merged = ((byte[]) a.get(offset)).clone();
    byte[] other = (byte[]) b.get(offset);
    HyperLogLog.merge(merged, other, 0, other.length);
    out.add(merged);
  }

  @Override
  AggState newState() {
    return new State(ops);
  }

  static final class State extends AggState {
    private final TypeOps ops;
    private byte[][] sketches = new byte[16][];
    private long[] hashes = new long[0];

    State(TypeOps ops) {
      this.ops = ops;
    }

    @Override
    void addGroup(int g) {
      if (g >= sketches.length) {
        sketches = Arrays.copyOf(sketches, grownLength(sketches.length, g + 1));
      }
      if (sketches[g] == null) {
        sketches[g] = new byte[HyperLogLog.M];
      } else {
        Arrays.fill(sketches[g], (byte) 0);
      }
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      ColumnVector v = args[0];
      if (hashes.length < n) {
        hashes = new long[Math.max(n, hashes.length * 2)];
      }
      Arrays.fill(hashes, 0, n, 0L);
      ops.hashColumn(v, hashes, n);
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g >= 0 && !v.isNull(i)) {
          // hashColumn leaves nested values' hashes unfinalized; one more mix costs little
          HyperLogLog.add(sketches[g], TypeOps.fmix64(hashes[i]));
        }
      }
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      BytesVector v = (BytesVector) partial.column(column);
      byte[] data = v.data();
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g >= 0 && !v.isNull(i)) {
          HyperLogLog.merge(sketches[g], data, v.offset(i), v.length(i));
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      BytesVector v = (BytesVector) out[column];
      for (int g = 0; g < numGroups; g++) {
        v.append(sketches[g]);
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(sketches[g].clone());
    }

    @Override
    void clear() {}
  }
}
