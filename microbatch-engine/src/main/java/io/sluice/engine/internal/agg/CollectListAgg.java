package io.sluice.engine.internal.agg;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code collect_list(x)}: the non-null values in arrival order. Each group keeps its values in a
 * vector of its own (one object per group, none per row).
 */
final class CollectListAgg extends AggFunction {
  private final DataType elementType;

  CollectListAgg(String name, String prefix, BoundExpr arg) {
    super(name, new ArrayType(arg.type(), false), false,
        List.of(DataTypes.field(prefix + "values", new ArrayType(arg.type(), false), false)),
        new BoundExpr[] {arg});
    this.elementType = arg.type();
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    return new ArrayList<>((List<?>) buffer.get(offset));
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    List<Object> merged = new ArrayList<>((List<?>) a.get(offset));
    merged.addAll((List<?>) b.get(offset));
    out.add(merged);
  }

  @Override
  AggState newState() {
    return new State(elementType);
  }

  static final class State extends AggState {
    private final DataType elementType;
    private ColumnVector[] lists = new ColumnVector[16];

    State(DataType elementType) {
      this.elementType = elementType;
    }

    @Override
    void addGroup(int g) {
      if (g >= lists.length) {
        lists = Arrays.copyOf(lists, grownLength(lists.length, g + 1));
      }
      lists[g] = null;
    }

    private ColumnVector list(int g) {
      ColumnVector l = lists[g];
      if (l == null) {
        l = ColumnVector.allocate(elementType, 4);
        lists[g] = l;
      }
      return l;
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      ColumnVector v = args[0];
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g >= 0 && !v.isNull(i)) {
          list(g).appendFrom(v, i);
        }
      }
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      ArrayVector arrays = (ArrayVector) partial.column(column);
      ColumnVector elements = arrays.elements();
      for (int i = 0; i < n; i++) {
        int g = groups[i];
        if (g < 0 || arrays.isNull(i)) {
          continue;
        }
        for (int k = arrays.offset(i), end = k + arrays.length(i); k < end; k++) {
          if (!elements.isNull(k)) {
            list(g).appendFrom(elements, k);
          }
        }
      }
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      writeLists(lists, (ArrayVector) out[column], numGroups);
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(toList(lists[g]));
    }

    @Override
    void clear() {
      Arrays.fill(lists, null);
    }
  }

  /** Appends one array row per group from per-group element vectors (null = empty). */
  static void writeLists(ColumnVector[] lists, ArrayVector out, int numGroups) {
    ColumnVector elements = out.elements();
    for (int g = 0; g < numGroups; g++) {
      ColumnVector l = lists[g];
      if (l != null) {
        for (int k = 0; k < l.size(); k++) {
          elements.appendFrom(l, k);
        }
      }
      out.appendRowFromElements();
    }
  }

  /** Boxes a per-group element vector (null = empty). */
  static List<Object> toList(ColumnVector l) {
    List<Object> out = new ArrayList<>(l == null ? 0 : l.size());
    if (l != null) {
      for (int k = 0; k < l.size(); k++) {
        out.add(l.getObject(k));
      }
    }
    return out;
  }
}
