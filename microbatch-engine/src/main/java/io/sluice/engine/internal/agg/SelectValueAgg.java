package io.sluice.engine.internal.agg;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.engine.internal.expr.BoundExpr;
import java.util.List;

/**
 * Aggregates that keep one of the input values: {@code min} and {@code max} (ignoring nulls; the
 * buffer is the value, null until one arrives) and {@code first} and {@code last} (in arrival order,
 * nulls included as in Spark's default {@code ignoreNulls = false}; the buffer is the value and
 * whether a row was seen, which tells a null first value from no value).
 */
final class SelectValueAgg extends AggFunction {
  /** Which value is kept. */
  enum Kind {
    MIN, MAX, FIRST, LAST
  }

  private final Kind kind;
  private final DataType valueType;

  SelectValueAgg(Kind kind, String name, String prefix, BoundExpr arg) {
    super(name, arg.type(), true, fields(kind, prefix, arg.type()), new BoundExpr[] {arg});
    this.kind = kind;
    this.valueType = arg.type();
  }

  private static List<StructField> fields(Kind kind, String prefix, DataType type) {
    StructField value = DataTypes.field(prefix + "value", type);
    if (kind == Kind.MIN || kind == Kind.MAX) {
      return List.of(value);
    }
    return List.of(value, DataTypes.field(prefix + "seen", DataTypes.BOOLEAN, false));
  }

  @Override
  Object finish(List<Object> buffer, int offset) {
    return buffer.get(offset);
  }

  @Override
  void merge(List<Object> a, List<Object> b, int offset, List<Object> out) {
    switch (kind) {
      case MIN:
      case MAX: {
        Object x = a.get(offset);
        Object y = b.get(offset);
        if (x == null || y == null) {
          out.add(x == null ? y : x);
        } else {
          int c = Values.compare(y, x, valueType);
          out.add((kind == Kind.MIN ? c < 0 : c > 0) ? y : x);
        }
        return;
      }
      case FIRST: {
        List<Object> src = Boolean.TRUE.equals(a.get(offset + 1)) ? a : b;
        out.add(src.get(offset));
        out.add(src.get(offset + 1));
        return;
      }
      default: {
        List<Object> src = Boolean.TRUE.equals(b.get(offset + 1)) ? b : a;
        out.add(src.get(offset));
        out.add(src.get(offset + 1));
      }
    }
  }

  @Override
  AggState newState() {
    return new State(kind, valueType);
  }

  static final class State extends AggState {
    private final Kind kind;
    private final TypeOps ops;
    private final ValueSlots slots;
    private final ValueSlots.Better better;

    State(Kind kind, DataType type) {
      this.kind = kind;
      this.ops = TypeOps.of(type);
      this.slots = new ValueSlots(type);
      if (kind == Kind.MIN) {
        better = (c, row, stored, index) -> ops.compare(c, row, stored, index) < 0;
      } else if (kind == Kind.MAX) {
        better = (c, row, stored, index) -> ops.compare(c, row, stored, index) > 0;
      } else {
        better = null;
      }
    }

    @Override
    void addGroup(int g) {
      slots.addGroup(g);
    }

    @Override
    void update(int[] groups, ColumnVector[] args, int n) {
      accumulate(groups, args[0], null, n);
    }

    @Override
    void merge(int[] groups, ColumnBatch partial, int column, int n) {
      BooleanVector seen = kind == Kind.MIN || kind == Kind.MAX
          ? null : (BooleanVector) partial.column(column + 1);
      accumulate(groups, partial.column(column), seen, n);
    }

    /** Picks each group's winning row of this batch, then offers it to the stored value. */
    private void accumulate(int[] groups, ColumnVector v, BooleanVector seen, int n) {
      switch (kind) {
        case MIN:
        case MAX: {
          int sign = kind == Kind.MIN ? 1 : -1;
          for (int i = 0; i < n; i++) {
            int g = groups[i];
            if (g < 0 || v.isNull(i)) {
              continue;
            }
            int c = slots.candidate(g);
            if (c < 0 || sign * ops.compare(v, i, v, c) < 0) {
              slots.setCandidate(g, i);
            }
          }
          break;
        }
        case FIRST:
          for (int i = 0; i < n; i++) {
            int g = groups[i];
            if (g >= 0 && (seen == null || seen.get(i)) && !slots.has(g)
                && slots.candidate(g) < 0) {
              slots.setCandidate(g, i);
            }
          }
          break;
        default:
          for (int i = 0; i < n; i++) {
            int g = groups[i];
            if (g >= 0 && (seen == null || seen.get(i))) {
              slots.setCandidate(g, i);
            }
          }
      }
      slots.commit(v, better);
    }

    @Override
    void writePartial(ColumnVector[] out, int column, int numGroups) {
      slots.write(out[column], numGroups);
      if (kind == Kind.FIRST || kind == Kind.LAST) {
        BooleanVector seen = (BooleanVector) out[column + 1];
        for (int g = 0; g < numGroups; g++) {
          seen.append(slots.has(g));
        }
      }
    }

    @Override
    void bufferValues(int g, List<Object> out) {
      out.add(slots.get(g));
      if (kind == Kind.FIRST || kind == Kind.LAST) {
        out.add(slots.has(g));
      }
    }

    @Override
    void clear() {
      slots.clear();
    }
  }
}
