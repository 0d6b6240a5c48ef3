package io.sluice.engine.internal.join;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.Expr;
import io.sluice.api.plan.Expr.BinaryOperator;
import io.sluice.api.plan.LogicalPlan;
import io.sluice.api.plan.LogicalPlan.JoinType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.expr.BoundExpr;
import io.sluice.engine.internal.expr.ExprResolver;
import io.sluice.engine.internal.expr.FilterPredicate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a join computes, independent of how it runs: the equi-join keys extracted from the
 * condition (conjuncts {@code leftExpr = rightExpr} or {@code <=>}, or the {@code USING} columns),
 * cast to one type per key so both sides hash and compare alike; the rest of the condition, bound
 * to the concatenated schema (left fields, then right fields); and the output layout.
 *
 * <p>A column name in the condition must exist on exactly one side: a name on both sides is
 * ambiguous (rename one side with {@code withColumnRenamed} first).
 */
public final class JoinSpec {
  /** Which side an expression reads. */
  enum Sides { NONE, LEFT, RIGHT, BOTH }

  private final JoinType type;
  private final StructType left;
  private final StructType right;
  private final StructType combined;
  private final List<Expr> leftKeys = new ArrayList<>();
  private final List<Expr> rightKeys = new ArrayList<>();
  private final List<Expr> leftKeysRaw = new ArrayList<>();
  private final List<Expr> rightKeysRaw = new ArrayList<>();
  private final List<DataType> keyTypes = new ArrayList<>();
  private final List<Boolean> nullSafe = new ArrayList<>();
  private final List<Expr> residualConjuncts = new ArrayList<>();
  private final List<String> using;
  private final List<JoinOutput.Column> outputColumns = new ArrayList<>();
  private final List<StructField> outputFields = new ArrayList<>();

  private JoinSpec(LogicalPlan.Join join, StructType left, StructType right) {
    this.type = join.joinType();
    this.left = left;
    this.right = right;
    List<StructField> all = new ArrayList<>(left.fields());
    all.addAll(right.fields());
    this.combined = new StructType(all);
    this.using = join.usingColumns();
    if (!using.isEmpty()) {
      for (String u : using) {
        requireUsing(u, left, "left");
        requireUsing(u, right, "right");
        addKey(new Expr.ColumnRef(List.of(u)), new Expr.ColumnRef(List.of(u)), false, u);
      }
    }
    if (join.condition() != null) {
      List<Expr> conjuncts = new ArrayList<>();
      splitConjuncts(join.condition(), conjuncts);
      for (Expr c : conjuncts) {
        Sides s = sidesOf(c);
        if (c instanceof Expr.Binary b
            && (b.op() == BinaryOperator.EQUAL || b.op() == BinaryOperator.EQUAL_NULL_SAFE)) {
          Sides l = sidesOf(b.left());
          Sides r = sidesOf(b.right());
          boolean nullSafeEq = b.op() == BinaryOperator.EQUAL_NULL_SAFE;
          if (l == Sides.LEFT && r == Sides.RIGHT) {
            addKey(b.left(), b.right(), nullSafeEq, c.sql());
            continue;
          } else if (l == Sides.RIGHT && r == Sides.LEFT) {
            addKey(b.right(), b.left(), nullSafeEq, c.sql());
            continue;
          }
        }
        if (s != Sides.NONE || !(c instanceof Expr.Literal lit && Boolean.TRUE.equals(lit.value()))) {
          residualConjuncts.add(c);
        }
      }
      Expr residual = residual();
      if (residual != null) {
        new FilterPredicate(residual, combined); // resolves now: a bad condition fails at analysis
      }
    }
    layoutOutput();
  }

  /**
   * Analyzes a join.
   *
   * @param join the logical join
   * @param left the left input's schema
   * @param right the right input's schema
   * @return the spec
   * @throws AnalysisException for an unknown or ambiguous column, keys that cannot be compared,
   *     or a USING column missing on a side
   */
  public static JoinSpec analyze(LogicalPlan.Join join, StructType left, StructType right) {
    if (join.condition() == null && join.usingColumns().isEmpty()) {
      throw new AnalysisException("A join needs a condition or USING columns");
    }
    return new JoinSpec(join, left, right);
  }

  private static void requireUsing(String u, StructType side, String which) {
    if (side.indexOf(u) < 0) {
      throw new AnalysisException("USING column '" + u + "' cannot be resolved on the " + which
          + " side of the join. The " + which + "-side columns: " + side.fieldNames());
    }
  }

  private static void splitConjuncts(Expr e, List<Expr> out) {
    if (e instanceof Expr.Binary b && b.op() == BinaryOperator.AND) {
      splitConjuncts(b.left(), out);
      splitConjuncts(b.right(), out);
    } else {
      out.add(e);
    }
  }

  /** Which sides an expression's columns come from; an ambiguous or unknown name fails. */
  Sides sidesOf(Expr e) {
    if (e instanceof Expr.ColumnRef ref) {
      String name = ref.path().get(0);
      boolean l = left.indexOf(name) >= 0;
      boolean r = right.indexOf(name) >= 0;
      if (l && r) {
        throw new AnalysisException("Column '" + name + "' is ambiguous: it exists on both sides of "
            + "the join; rename one side with withColumnRenamed before joining, e.g. "
            + "right.withColumnRenamed(\"" + name + "\", \"right_" + name + "\")");
      } else if (!l && !r) {
        throw new AnalysisException("Column '" + ref.sql() + "' does not exist on either side of the "
            + "join. Left columns: " + left.fieldNames() + "; right columns: " + right.fieldNames());
      }
      return l ? Sides.LEFT : Sides.RIGHT;
    } else if (e instanceof Expr.Star) {
      throw new AnalysisException("'*' is not allowed in a join condition");
    }
    Sides s = Sides.NONE;
    for (Expr c : e.children()) {
      Sides cs = sidesOf(c);
      if (s == Sides.NONE) {
        s = cs;
      } else if (cs != Sides.NONE && cs != s) {
        s = Sides.BOTH;
      }
    }
    return s;
  }

  private void addKey(Expr l, Expr r, boolean nullSafeEq, String sql) {
    DataType lt = ExprResolver.resolve(l, left).type();
    DataType rt = ExprResolver.resolve(r, right).type();
    DataType t = lt.equals(rt) ? lt : commonKeyType(lt, rt);
    if (t == null) {
      throw new AnalysisException("Cannot join on " + sql + ": " + lt.simpleString() + " and "
          + rt.simpleString() + " cannot be compared; cast one side first");
    }
    leftKeysRaw.add(l);
    rightKeysRaw.add(r);
    leftKeys.add(lt.equals(t) ? l : new Expr.Cast(l, t));
    rightKeys.add(rt.equals(t) ? r : new Expr.Cast(r, t));
    keyTypes.add(t);
    nullSafe.add(nullSafeEq);
  }

  /** The type both keys are cast to, as Spark coerces an equality; null if none. */
  private static DataType commonKeyType(DataType a, DataType b) {
    if (!(a instanceof AtomicType) || !(b instanceof AtomicType)) {
      return null;
    } else if (a == DataTypes.NULL) {
      return b;
    } else if (b == DataTypes.NULL) {
      return a;
    } else if (a.isNumeric() && b.isNumeric()) {
      return a == DataTypes.DOUBLE || b == DataTypes.DOUBLE ? DataTypes.DOUBLE
          : a == DataTypes.LONG || b == DataTypes.LONG ? DataTypes.LONG : DataTypes.INT;
    } else if (a == DataTypes.STRING) {
      return b;
    } else if (b == DataTypes.STRING) {
      return a;
    } else if ((a == DataTypes.DATE && b == DataTypes.TIMESTAMP) || (a == DataTypes.TIMESTAMP && b == DataTypes.DATE)) {
      return DataTypes.TIMESTAMP;
    }
    return null;
  }

  private void layoutOutput() {
    boolean leftOnly = type == JoinType.LEFT_SEMI || type == JoinType.LEFT_ANTI;
    boolean leftNullable = type == JoinType.RIGHT_OUTER || type == JoinType.FULL_OUTER;
    boolean rightNullable = type == JoinType.LEFT_OUTER || type == JoinType.FULL_OUTER;
    Set<Integer> usedLeft = new HashSet<>();
    Set<Integer> usedRight = new HashSet<>();
    for (int k = 0; k < using.size(); k++) {
      int li = left.indexOf(using.get(k));
      int ri = right.indexOf(using.get(k));
      usedLeft.add(li);
      usedRight.add(ri);
      if (type == JoinType.RIGHT_OUTER) {
        outputColumns.add(new JoinOutput.Column(JoinOutput.Source.RIGHT, -1, ri));
        outputFields.add(right.field(ri));
      } else if (type == JoinType.FULL_OUTER) {
        // Coalesced from the key columns (index k), which have one type on both sides.
        outputColumns.add(new JoinOutput.Column(JoinOutput.Source.COALESCE, k, k));
        outputFields.add(new StructField(left.field(li).name(), keyTypes.get(k), true));
      } else {
        outputColumns.add(new JoinOutput.Column(JoinOutput.Source.LEFT, li, -1));
        outputFields.add(left.field(li));
      }
    }
    for (int i = 0; i < left.size(); i++) {
      if (!usedLeft.contains(i)) {
        outputColumns.add(new JoinOutput.Column(JoinOutput.Source.LEFT, i, -1));
        outputFields.add(leftNullable ? left.field(i).withNullable(true) : left.field(i));
      }
    }
    if (!leftOnly) {
      for (int i = 0; i < right.size(); i++) {
        if (!usedRight.contains(i)) {
          outputColumns.add(new JoinOutput.Column(JoinOutput.Source.RIGHT, -1, i));
          outputFields.add(rightNullable ? right.field(i).withNullable(true) : right.field(i));
        }
      }
    }
  }

  /** @return the join type */
  public JoinType type() {
    return type;
  }

  /** @return the left input's schema */
  public StructType left() {
    return left;
  }

  /** @return the right input's schema */
  public StructType right() {
    return right;
  }

  /** @return left fields then right fields: the schema the residual condition is bound to */
  public StructType combined() {
    return combined;
  }

  /** @return the number of equi-join keys */
  public int numKeys() {
    return keyTypes.size();
  }

  /**
   * The key expressions of a side, cast to the common key types.
   *
   * @param side 0 for left, 1 for right
   * @return the expressions over that side's schema
   */
  public List<Expr> keys(int side) {
    return side == 0 ? leftKeys : rightKeys;
  }

  /**
   * The key expressions of a side as written (before casts).
   *
   * @param side 0 for left, 1 for right
   * @return the expressions
   */
  public List<Expr> rawKeys(int side) {
    return side == 0 ? leftKeysRaw : rightKeysRaw;
  }

  /** @return the key types (equal on both sides) */
  public List<DataType> keyTypes() {
    return keyTypes;
  }

  /** @return per key, whether it is a null-safe equality ({@code <=>}) */
  public boolean[] nullSafe() {
    boolean[] out = new boolean[nullSafe.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = nullSafe.get(i);
    }
    return out;
  }

  /** @return the conjuncts of the condition that are not equi-join keys */
  public List<Expr> residualConjuncts() {
    return residualConjuncts;
  }

  /** @return the residual condition (AND of the non-key conjuncts), or null if none */
  public Expr residual() {
    Expr out = null;
    for (Expr c : residualConjuncts) {
      out = out == null ? c : new Expr.Binary(BinaryOperator.AND, out, c);
    }
    return out;
  }

  /**
   * Binds the residual condition to the combined schema.
   *
   * @return the bound condition, or null if there is none
   */
  public BoundExpr boundResidual() {
    Expr r = residual();
    return r == null ? null : new FilterPredicate(r, combined).condition();
  }

  /**
   * Binds a side's key expressions.
   *
   * @param side 0 for left, 1 for right
   * @param schema the schema the keys are evaluated over (that side's rows)
   * @return the bound keys
   */
  public BoundExpr[] boundKeys(int side, StructType schema) {
    List<Expr> keys = keys(side);
    BoundExpr[] out = new BoundExpr[keys.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = ExprResolver.resolve(keys.get(k), schema);
    }
    return out;
  }

  /** @return the output schema: USING columns once, then left fields, then right fields */
  public StructType outputSchema() {
    return new StructType(outputFields);
  }

  /**
   * The output layout.
   *
   * @param leftKeyOffset where the left batches hold their key columns (for COALESCE), or -1
   * @param rightKeyOffset where the right batches hold their key columns, or -1
   * @return the layout
   */
  public JoinOutput output(int leftKeyOffset, int rightKeyOffset) {
    List<JoinOutput.Column> cols = new ArrayList<>();
    for (JoinOutput.Column c : outputColumns) {
      cols.add(c.source() == JoinOutput.Source.COALESCE
          ? new JoinOutput.Column(c.source(), leftKeyOffset + c.left(), rightKeyOffset + c.right()) : c);
    }
    return new JoinOutput(outputSchema(), cols);
  }

  /** @return the output columns' sources, for mapping event-time columns */
  List<JoinOutput.Column> outputColumns() {
    return outputColumns;
  }

  /** @return the join type's name as Spark prints it ({@code LeftOuter}, ...) */
  public String typeName() {
    String[] parts = type.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      sb.append(Character.toUpperCase(p.charAt(0))).append(p.substring(1));
    }
    return sb.toString();
  }

  /** @return a description for explain: keys and residual */
  public String describe() {
    StringBuilder sb = new StringBuilder(typeName());
    if (!using.isEmpty()) {
      sb.append(" using ").append(using);
    } else {
      List<String> keys = new ArrayList<>();
      for (int k = 0; k < leftKeysRaw.size(); k++) {
        keys.add(leftKeysRaw.get(k).sql() + (nullSafe.get(k) ? " <=> " : " = ") + rightKeysRaw.get(k).sql());
      }
      sb.append(" keys ").append(keys);
    }
    Expr r = residual();
    if (r != null) {
      sb.append(" condition ").append(r.sql());
    }
    return sb.toString();
  }
}
