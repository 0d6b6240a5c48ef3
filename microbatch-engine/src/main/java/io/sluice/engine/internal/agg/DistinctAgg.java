package io.sluice.engine.internal.agg;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates over the distinct non-null values of their arguments: {@code collect_set(x)} (the
 * values, in first-seen order) and {@code count(DISTINCT a, ...)} (how many distinct combinations
 * with every argument non-null). The buffer is the array of distinct values; with several
 * arguments, an array of structs {@code _1, _2, ...}.
 */
final class DistinctAgg extends AggFunction {
  private final boolean count;
  private final DataType elementType;

  DistinctAgg(boolean count, String name, String prefix, BoundExpr[] args) {
    this(count, name, prefix, args, elementType(args));
  }

  private DistinctAgg(boolean count, String name, String prefix, BoundExpr[] args,
      DataType elementType) {
    super(name, count ? DataTypes.LONG : new ArrayType(elementType, false), false,
        List.of(DataTypes.field(prefix + "distinct", new ArrayType(elementType, false), false)),
        args);
    this.count = count;
    this.elementType = elementType;
  }

  private static DataType elementType(BoundExpr[] args) {
    if (args.length == 1) {
      return args[0].type();
    }
    List<StructField> fields = new ArrayList<>();
    for (int a = 0; a < args.length; a++) {
      fields.add(DataTypes.field("_" + (a + 1), args[a].type()));
    }
    return new StructType(fields);
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    List<?> values = (List<?>) buffer.get(offset);
    return count ? (Object) (long) values.size() : new ArrayList<>(values);
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    Map<Object, Object> merged = new LinkedHashMap<>();
    for (List<Object> buf : List.of(a, b)) {
      for (Object v : (List<?>) buf.get(offset)) {
        merged.putIfAbsent(Values.distinctKey(v, elementType), v);
      }
    }
    out.add(new ArrayList<>(merged.values()));
  }

  @Override
  AggState newState() {
    return new State(elementType);
  }

  static final class State extends AggState {
    private final DataType elementType;
    private final TypeOps ops;
    private ValueSet[] sets = new ValueSet[16];
    private long[] hashes = new long[0];

    State(DataType elementType) {
      this.elementType = elementType;
      this.ops = TypeOps.of(elementType);
    }

    @Override
    void addGroup(int g) {
      if (g >= sets.length) {
        sets = Arrays.copyOf(sets, grownLength(sets.length, g + 1));
      }
      sets[g] = null;
    }

    private ValueSet set(int g) {
      ValueSet s = sets[g];
      if (s == null) {
        s = new ValueSet(elementType, ops);
        sets[g] = s;
      }
      return s;
    }

    private long[] hash(ColumnVector v, int n) {
      if (hashes.length < n) {
        hashes = new long[Math.max(n, hashes.length * 2)];
      }
      Arrays.fill(hashes, 0, n, 0L);
      ops.hashColumn(v, hashes, n);
      return hashes;
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      ColumnVector v = args.length == 1
          ? args[0] : new StructVector((StructType) elementType, args, n);
      long[] h = hash(v, n);
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
        set(g).add(v, i, h[i]);
      }
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      ArrayVector arrays = (ArrayVector) partial.column(column);
      ColumnVector elements = arrays.elements();
      long[] h = hash(elements, elements.size());
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g < 0 || arrays.isNull(i)) {
          continue;
        }
        for (int k = arrays.offset(i), end = k + arrays.length(i); k < end; k++) {
          if (!elements.isNull(k)) {
            set(g).add(elements, k, h[k]);
          }
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      ArrayVector arrays = (ArrayVector) out[column];
      ColumnVector elements = arrays.elements();
      for (int g = 0; g < numGroups; g++) {
        ValueSet s = sets[g];
        if (s != null) {
          for (int k = 0; k < s.size(); k++) {
            elements.appendFrom(s.values(), k);
          }
        }
        arrays.appendRowFromElements();
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(CollectListAgg.toList(sets[g] == null ? null : sets[g].values()));
    }

    @Override
    void clear() {
      Arrays.fill(sets, null);
    }
  }
}
