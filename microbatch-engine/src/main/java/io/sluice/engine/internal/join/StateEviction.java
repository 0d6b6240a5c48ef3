package io.sluice.engine.internal.join;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.ExprResolver;
import io.sluice.engine.internal.plan.Planner.EventTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a buffered row of a stream-stream join can no longer match, derived from the join condition
 * and the inputs' watermarks, as Spark's {@code StreamingSymmetricHashJoinHelper} does.
 *
 * <p>Each side gets a list of {@linkplain Bound bounds}; a row of that side is evicted (and, for the
 * outer side of an outer join, emitted with nulls if it never matched) once the watermark reaches
 * its <em>state time</em>: the smallest {@code column + offset} over its bounds. A bound is sound
 * because rows of the other side at or below the watermark are dropped as late, so every future
 * row of the other side has its event time above the watermark. Bounds come from:
 *
 * <ul>
 *   <li><b>an equi-join key on event-time columns of both sides</b> (a watermarked timestamp or a
 *       window): a row can only match future rows with the same key, all above the watermark,
 *       so it is evicted once its own key (a window's end) is at or below the watermark;
 *   <li><b>a range conjunct relating the two sides' event times</b> ({@code <, <=, >, >=, =}
 *       between linear expressions of one timestamp column per side). Supported terms: a
 *       timestamp column; {@code CAST(ts AS BIGINT|INT|DOUBLE)} (seconds since the epoch) plus or
 *       minus numeric literals (seconds); {@code CAST(seconds AS TIMESTAMP)}; timestamp literals.
 *       For {@code rightTs <= leftTs + k} a left row is evicted once the watermark reaches
 *       {@code leftTs + k}, provided {@code rightTs} is watermarked (symmetrically for the right
 *       side). {@code CAST(ts AS BIGINT)} floors to whole seconds, so each such cast widens the
 *       bound by one second.
 * </ul>
 *
 * <p>Examples: {@code col("rts").geq(col("lts")).and(col("rts").cast("long").leq(col("lts").cast("long").plus(60)))}
 * (right within a minute after left), {@code col("lwindow").equalTo(col("rwindow"))}.
 */
final class StateEviction {
  private static final double MICROS = 1_000_000d;

  /**
   * Evict a row once {@code value(column) + offsetMicros <= watermark}.
   *
   * @param column the column in the side's rows
   * @param endField for a window column, the index of its {@code end} field, else -1
   * @param offsetMicros added to the column's value
   * @param description for explain
   */
  record Bound(int column, int endField, long offsetMicros, String description) {
    long value(ColumnBatch b, int row) {
      ColumnVector v = b.column(column);
      if (v.isNull(row)) {
        return Long.MIN_VALUE;
      }
      if (endField >= 0) {
        v = ((StructVector) v).child(endField);
        if (v.isNull(row)) {
          return Long.MIN_VALUE;
        }
      }
      long t = ((LongVector) v).get(row);
      long r = t + offsetMicros;
      // saturate instead of wrapping around
      if (((t ^ r) & (offsetMicros ^ r)) < 0) {
        return offsetMicros > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
      }
      return r;
    }
  }

  /**
   * An event-time column of a side, by index.
   *
   * @param column the column
   * @param endField a window's {@code end} field, or -1 for a timestamp
   */
  record EventTimeColumn(int column, int endField) {}

  private final JoinSpec spec;
  private final List<List<EventTimeColumn>> eventTimeColumns = new ArrayList<>();
  private final List<List<Bound>> bounds = List.of(new ArrayList<>(), new ArrayList<>());

  StateEviction(JoinSpec spec, Map<String, EventTime> leftEventTime, Map<String, EventTime> rightEventTime) {
    this.spec = spec;
    eventTimeColumns.add(eventTimeColumns(spec.left(), leftEventTime));
    eventTimeColumns.add(eventTimeColumns(spec.right(), rightEventTime));
    for (int k = 0; k < spec.numKeys(); k++) {
      keyBound(spec.rawKeys(0).get(k), spec.rawKeys(1).get(k));
    }
    for (Expr c : spec.residualConjuncts()) {
      rangeBounds(c);
    }
  }

  private static List<EventTimeColumn> eventTimeColumns(StructType schema, Map<String, EventTime> et) {
    List<EventTimeColumn> out = new ArrayList<>();
    for (Map.Entry<String, EventTime> e : et.entrySet()) {
      int idx = schema.indexOf(e.getKey());
      if (idx < 0) {
        continue;
      }
      DataType t = schema.field(idx).type();
      if (e.getValue().isWindow() && t instanceof StructType st && st.indexOf("end") >= 0) {
        out.add(new EventTimeColumn(idx, st.indexOf("end")));
      } else if (t == DataTypes.TIMESTAMP) {
        out.add(new EventTimeColumn(idx, -1));
      }
    }
    return out;
  }

  /** @return per side, the watermarked event-time columns whose late rows are dropped */
  List<EventTimeColumn> eventTimeColumns(int side) {
    return eventTimeColumns.get(side);
  }

  /**
   * @param side 0 for left, 1 for right
   * @return the side's bounds; empty if its rows are never evicted
   */
  List<Bound> bounds(int side) {
    return bounds.get(side);
  }

  /**
   * A side's state time for a row: the smallest bound, Long.MIN_VALUE if a bound column is null
   * (such a row can never match), Long.MAX_VALUE without bounds.
   */
  long stateTime(int side, ColumnBatch b, int row) {
    long t = Long.MAX_VALUE;
    for (Bound bound : bounds.get(side)) {
      t = Math.min(t, bound.value(b, row));
    }
    return t;
  }

  private EventTimeColumn watermarked(int side, Expr e) {
    if (!(e instanceof Expr.ColumnRef ref) || ref.path().size() != 1) {
      return null;
    }
    int idx = (side == 0 ? spec.left() : spec.right()).indexOf(ref.name());
    for (EventTimeColumn c : eventTimeColumns.get(side)) {
      if (c.column() == idx) {
        return c;
      }
    }
    return null;
  }

  private void keyBound(Expr left, Expr right) {
    EventTimeColumn l = watermarked(0, left);
    EventTimeColumn r = watermarked(1, right);
    if (l == null || r == null || (l.endField() < 0) != (r.endField() < 0)) {
      return;
    }
    String what = l.endField() >= 0 ? ".end" : "";
    bounds.get(0).add(new Bound(l.column(), l.endField(), 0,
        spec.left().field(l.column()).name() + what + " (join key)"));
    bounds.get(1).add(new Bound(r.column(), r.endField(), 0,
        spec.right().field(r.column()).name() + what + " (join key)"));
  }

  private void rangeBounds(Expr conjunct) {
    if (!(conjunct instanceof Expr.Binary b)) {
      return;
    }
    Linear l = linear(b.left());
    Linear r = linear(b.right());
    if (l == null || r == null) {
      return;
    }
    Linear d = l.minus(r);
    switch (b.op()) {
      case LESS_THAN, LESS_THAN_OR_EQUAL -> atMostZero(d, conjunct);
      case GREATER_THAN, GREATER_THAN_OR_EQUAL -> atMostZero(d.negate(), conjunct);
      case EQUAL -> {
        atMostZero(d, conjunct);
        atMostZero(d.negate(), conjunct);
      }
      default -> { }
    }
  }

  /** Derives a bound from {@code e <= 0}, where e is {@code ±(rightTs - leftTs) + c}. */
  private void atMostZero(Linear e, Expr conjunct) {
    if (e.terms.size() != 2) {
      return;
    }
    int[] cols = {-1, -1};
    double[] coef = new double[2];
    for (Map.Entry<Long, Double> t : e.terms.entrySet()) {
      int side = (int) (t.getKey() >>> 32);
      cols[side] = (int) (long) t.getKey();
      coef[side] = t.getValue();
    }
    if (cols[0] < 0 || cols[1] < 0 || Math.abs(coef[0]) != 1 || coef[0] != -coef[1]) {
      return;
    }
    // e = R - L + c <= 0 bounds R by L: R <= L - c, so a left row expires at L - c (and symmetrically).
    int bounded = coef[1] == 1 ? 0 : 1;
    int other = 1 - bounded;
    StructType otherSchema = other == 0 ? spec.left() : spec.right();
    if (watermarked(other, new Expr.ColumnRef(List.of(otherSchema.field(cols[other]).name()))) == null) {
      return;
    }
    double offset = -e.constant + e.floors * MICROS;
    long micros = (long) Math.ceil(offset);
    StructType schema = bounded == 0 ? spec.left() : spec.right();
    bounds.get(bounded).add(new Bound(cols[bounded], -1, micros,
        schema.field(cols[bounded]).name() + (micros >= 0 ? " + " : " - ") + Math.abs(micros) + "us ("
            + conjunct.sql() + ")"));
  }

  /** A linear combination of timestamp columns (microseconds) plus a constant. */
  private static final class Linear {
    /** Term key: side << 32 | column. */
    final Map<Long, Double> terms = new HashMap<>();
    double constant;
    /** How many {@code CAST(ts AS integer)} floors went into it. */
    int floors;

    Linear plus(Linear o, double sign) {
      Linear out = new Linear();
      out.terms.putAll(terms);
      o.terms.forEach((k, v) -> out.terms.merge(k, sign * v, Double::sum));
      out.terms.values().removeIf(v -> v == 0);
      out.constant = constant + sign * o.constant;
      out.floors = floors + o.floors;
      return out;
    }

    Linear minus(Linear o) {
      return plus(o, -1);
    }

    Linear negate() {
      return new Linear().minus(this).withFloors(floors);
    }

    Linear withFloors(int n) {
      floors = n;
      return this;
    }
  }

  private DataType typeOf(Expr e) {
    return ExprResolver.resolve(e, spec.combined()).type();
  }

  private Linear linear(Expr e) {
    if (e instanceof Expr.Alias a) {
      return linear(a.child());
    } else if (e instanceof Expr.ColumnRef ref) {
      if (ref.path().size() != 1) {
        return null;
      }
      int side = spec.left().indexOf(ref.name()) >= 0 ? 0 : 1;
      StructType schema = side == 0 ? spec.left() : spec.right();
      int idx = schema.indexOf(ref.name());
      if (idx < 0 || schema.field(idx).type() != DataTypes.TIMESTAMP) {
        return null;
      }
      Linear out = new Linear();
      out.terms.put(((long) side << 32) | idx, 1.0);
      return out;
    } else if (e instanceof Expr.Literal lit) {
      Linear out = new Linear();
      if (lit.value() instanceof Number n) {
        out.constant = n.doubleValue() * MICROS;
      } else if (lit.value() instanceof Instant i) {
        out.constant = i.getEpochSecond() * MICROS + i.getNano() / 1000;
      } else {
        return null;
      }
      return out;
    } else if (e instanceof Expr.Cast c) {
      DataType from = typeOf(c.child());
      Linear child = linear(c.child());
      if (child == null) {
        return null;
      }
      boolean toInteger = c.to() == DataTypes.LONG || c.to() == DataTypes.INT;
      if (from == DataTypes.TIMESTAMP || from == DataTypes.DOUBLE) {
        return toInteger ? child.withFloors(child.floors + 1)
            : c.to() == DataTypes.DOUBLE || c.to() == DataTypes.TIMESTAMP ? child : null;
      } else if (from == DataTypes.LONG || from == DataTypes.INT) {
        return c.to() == DataTypes.TIMESTAMP || c.to().isNumeric() ? child : null;
      }
      return null;
    } else if (e instanceof Expr.Binary b && (b.op() == Expr.BinaryOperator.ADD
        || b.op() == Expr.BinaryOperator.SUBTRACT)) {
      Linear l = linear(b.left());
      Linear r = linear(b.right());
      return l == null || r == null ? null : l.plus(r, b.op() == Expr.BinaryOperator.ADD ? 1 : -1);
    } else if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOperator.NEGATE) {
      Linear c = linear(u.child());
      return c == null ? null : c.negate();
    }
    return null;
  }

  /** @return a description of the bounds for explain */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < 2; s++) {
      sb.append(s == 0 ? "left" : ", right").append(" state evicted ");
      if (bounds.get(s).isEmpty()) {
        sb.append("never");
      } else {
        sb.append("at watermark >= min").append(bounds.get(s).stream().map(Bound::description).toList());
      }
    }
    return sb.toString();
  }
}
