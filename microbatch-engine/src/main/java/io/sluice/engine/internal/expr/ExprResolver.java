package io.sluice.engine.internal.expr;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.plan.Expr;
import io.sluice.api.plan.Expr.BinaryOperator;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves unresolved {@link Expr} trees against an input schema into typed {@link BoundExpr}s:
 * binds column names (case-insensitively), checks argument types, inserts Spark's implicit casts
 * (numeric widening, string to number in comparisons and arithmetic, ...) and folds constant
 * sub-expressions.
 */
public final class ExprResolver {
  private final StructType input;

  private ExprResolver(StructType input) {
    this.input = input;
  }

  /**
   * Resolves one expression.
   *
   * @param expr the expression
   * @param input the input schema
   * @return the bound expression
   * @throws AnalysisException for an unknown column or function, wrong argument types, an
   *     aggregate outside {@code agg(...)}, or a {@code *} outside a select list
   */
  public static BoundExpr resolve(Expr expr, StructType input) {
    return new ExprResolver(input).bind(expr);
  }

  /**
   * Resolves a select list: expands {@code *} and {@code s.*}, keeps alias names.
   *
   * @param exprs the select list
   * @param input the input schema
   * @return one bound expression per output column
   * @throws AnalysisException as {@link #resolve}
   */
  public static List<BoundExpr> resolveProjection(List<Expr> exprs, StructType input) {
    ExprResolver r = new ExprResolver(input);
    List<BoundExpr> out = new ArrayList<>();
    for (Expr e : exprs) {
      if (e instanceof Expr.Star star) {
        r.expandStar(star, out);
      } else {
        out.add(r.bind(e));
      }
    }
    return out;
  }

  // ---- names ----

  /**
   * The output name Spark gives an expression: the alias, the column name, a literal's value, the
   * column name under a top-level cast, otherwise the SQL text.
   */
  static String defaultName(Expr e) {
    if (e instanceof Expr.Alias a) {
      return a.name();
    } else if (e instanceof Expr.ColumnRef r) {
      return r.name();
    } else if (e instanceof Expr.Literal l) {
      return l.value() == null ? "NULL" : String.valueOf(l.value());
    } else if (e instanceof Expr.Cast c && c.child() instanceof Expr.ColumnRef r) {
      return r.name();
    }
    return e.sql();
  }

  // ---- columns ----

  private void expandStar(Expr.Star star, List<BoundExpr> out) {
    if (star.target().isEmpty()) {
      for (int i = 0; i < input.size(); i++) {
        StructField f = input.field(i);
        out.add(new ColumnRefExpr(new int[] {i}, f.type(), f.nullable(), f.name(), f.name()));
      }
      return;
    }
    Expr.ColumnRef target = new Expr.ColumnRef(star.target());
    ColumnRefExpr ref = bindColumn(target);
    if (!(ref.type() instanceof StructType st)) {
      throw new AnalysisException("Cannot expand " + star.sql() + ": '" + target.sql()
          + "' is " + ref.type().simpleString() + ", not a struct");
    }
    int[] base = pathOf(target);
    for (int j = 0; j < st.size(); j++) {
      int[] path = java.util.Arrays.copyOf(base, base.length + 1);
      path[base.length] = j;
      StructField f = st.field(j);
      out.add(new ColumnRefExpr(path, f.type(), ref.nullable() || f.nullable(), f.name(),
          target.sql() + "." + f.name()));
    }
  }

  private int[] pathOf(Expr.ColumnRef ref) {
    List<String> parts = ref.path();
    int[] path = new int[parts.size()];
    DataType t = input;
    for (int k = 0; k < parts.size(); k++) {
      path[k] = ((StructType) t).indexOf(parts.get(k));
      t = ((StructType) t).field(path[k]).type();
    }
    return path;
  }

  private ColumnRefExpr bindColumn(Expr.ColumnRef ref) {
    List<String> parts = ref.path();
    int top = input.indexOf(parts.get(0));
    if (top < 0) {
      throw new AnalysisException("Column '" + ref.sql() + "' does not exist. Available columns: "
          + input.fieldNames());
    }
    int[] path = new int[parts.size()];
    path[0] = top;
    StructField f = input.field(top);
    DataType t = f.type();
    boolean nullable = f.nullable();
    for (int k = 1; k < parts.size(); k++) {
      String parent = String.join(".", parts.subList(0, k));
      if (!(t instanceof StructType st)) {
        throw new AnalysisException("Column '" + ref.sql() + "' does not exist: '" + parent
            + "' is " + t.simpleString() + ", not a struct");
      }
      int j = st.indexOf(parts.get(k));
      if (j < 0) {
        throw new AnalysisException("Column '" + ref.sql() + "' does not exist. Available fields of '"
            + parent + "': " + st.fieldNames());
      }
      path[k] = j;
      t = st.field(j).type();
      nullable |= st.field(j).nullable();
    }
    return new ColumnRefExpr(path, t, nullable, ref.name(), ref.sql());
  }

  // ---- expressions ----

  private BoundExpr bind(Expr e) {
    String name = defaultName(e);
    String sql = e.sql();
    if (e instanceof Expr.ColumnRef ref) {
      return bindColumn(ref);
    } else if (e instanceof Expr.Literal lit) {
      return LiteralExpr.of(lit.value(), lit.type(), name, sql);
    } else if (e instanceof Expr.Alias a) {
      return new AliasExpr(bind(a.child()), a.name(), sql);
    } else if (e instanceof Expr.Binary b) {
      return bindBinary(b, name, sql);
    } else if (e instanceof Expr.Unary u) {
      return bindUnary(u, name, sql);
    } else if (e instanceof Expr.Cast c) {
      BoundExpr child = bind(c.child());
      if (!CastExpr.canCast(child.type(), c.to())) {
        throw new AnalysisException("Cannot cast " + child.type().simpleString() + " to "
            + c.to().simpleString() + ": " + sql);
      }
      return fold(new CastExpr(child, c.to(), name, sql));
    } else if (e instanceof Expr.CaseWhen cw) {
      return bindCaseWhen(cw, name, sql);
    } else if (e instanceof Expr.Call call) {
      return FunctionRegistry.bind(call, bindAll(call.args()), name, sql);
    } else if (e instanceof Expr.FromJson fj) {
      return FromJsonExpr.create(bind(fj.child()), fj.schema(), fj.options(), name, sql);
    } else if (e instanceof Expr.ToJson tj) {
      return new ToJsonExpr(bind(tj.child()), name, sql);
    } else if (e instanceof Expr.Aggregate agg) {
      throw new AnalysisException("Aggregate function " + sql
          + " is only allowed in agg(...); use groupBy(...).agg(...)");
    } else if (e instanceof Expr.Star star) {
      throw new AnalysisException("'" + star.sql() + "' is only allowed in a select list");
    }
    throw new AnalysisException("Unsupported expression: " + sql);
  }

  private List<BoundExpr> bindAll(List<Expr> exprs) {
    List<BoundExpr> out = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      out.add(bind(e));
    }
    return out;
  }

  private BoundExpr bindBinary(Expr.Binary b, String name, String sql) {
    BoundExpr l = bind(b.left());
    BoundExpr r = bind(b.right());
    BinaryOperator op = b.op();
    switch (op) {
      case ADD:
      case SUBTRACT:
      case MULTIPLY:
      case DIVIDE:
      case REMAINDER: {
        DataType lt = arithmeticOperandType(op, l, sql);
        DataType rt = arithmeticOperandType(op, r, sql);
        AtomicType t = op == BinaryOperator.DIVIDE ? DataTypes.DOUBLE : widerNumeric(lt, rt);
        return fold(new ArithmeticExpr(op, castTo(l, t), castTo(r, t), t, name, sql));
      }
      case AND:
      case OR:
        return fold(new LogicExpr(op == BinaryOperator.AND, requireBoolean(op.symbol(), l, sql),
            requireBoolean(op.symbol(), r, sql), name, sql));
      default: {
        DataType t = comparisonType(l.type(), r.type());
        if (t == null) {
          throw new AnalysisException("Cannot compare " + l.type().simpleString() + " with "
              + r.type().simpleString() + ": " + sql);
        }
        return fold(new ComparisonExpr(op, castTo(l, t), castTo(r, t), name, sql));
      }
    }
  }

  private static DataType arithmeticOperandType(BinaryOperator op, BoundExpr e, String sql) {
    DataType t = e.type();
    if (t == DataTypes.STRING) {
      return DataTypes.DOUBLE; // Spark casts strings in arithmetic to double
    }
    if (!t.isNumeric() && t != DataTypes.NULL) {
      throw new AnalysisException("Operator " + op.symbol() + " requires numeric operands, got "
          + t.simpleString() + ": " + sql);
    }
    return t;
  }

  private static AtomicType widerNumeric(DataType a, DataType b) {
    if (a == DataTypes.DOUBLE || b == DataTypes.DOUBLE) {
      return DataTypes.DOUBLE;
    } else if (a == DataTypes.LONG || b == DataTypes.LONG) {
      return DataTypes.LONG;
    }
    return DataTypes.INT;
  }

  private BoundExpr bindUnary(Expr.Unary u, String name, String sql) {
    BoundExpr c = bind(u.child());
    switch (u.op()) {
      case NOT:
        return fold(new UnaryExpr(UnaryExpr.Kind.NOT, requireBoolean("NOT", c, sql),
            DataTypes.BOOLEAN, name, sql));
      case NEGATE: {
        BoundExpr num = requireNumeric("negation", c, sql);
        return fold(new UnaryExpr(UnaryExpr.Kind.NEGATE, num, num.type(), name, sql));
      }
      case IS_NULL:
        return fold(new UnaryExpr(UnaryExpr.Kind.IS_NULL, c, DataTypes.BOOLEAN, name, sql));
      default:
        return fold(new UnaryExpr(UnaryExpr.Kind.IS_NOT_NULL, c, DataTypes.BOOLEAN, name, sql));
    }
  }

  private BoundExpr bindCaseWhen(Expr.CaseWhen cw, String name, String sql) {
    List<BoundExpr> conditions = new ArrayList<>();
    List<BoundExpr> values = new ArrayList<>();
    for (Expr.WhenBranch b : cw.branches()) {
      conditions.add(requireBoolean("WHEN", bind(b.condition()), sql));
      values.add(bind(b.value()));
    }
    if (cw.otherwise() != null) {
      values.add(bind(cw.otherwise()));
    }
    DataType t = commonType("CASE WHEN", values, sql);
    List<BoundExpr> cast = new ArrayList<>();
    for (BoundExpr v : values) {
      cast.add(castTo(v, t));
    }
    BoundExpr otherwise = cw.otherwise() != null ? cast.remove(cast.size() - 1) : null;
    return fold(new CaseWhenExpr(conditions, cast, otherwise, t, name, sql));
  }

  // ---- type coercion, shared with Functions ----

  /**
   * Wraps an expression in an implicit cast (folded for constants) unless it has the type already.
   *
   * @param e the expression
   * @param t the target type
   * @return the cast expression
   */
  static BoundExpr castTo(BoundExpr e, DataType t) {
    if (e.type().equals(t)) {
      return e;
    }
    return fold(new CastExpr(e, t, e.name(), "CAST(" + e.sql() + " AS " + t.simpleString() + ")"));
  }

  static BoundExpr requireBoolean(String what, BoundExpr e, String sql) {
    if (e.type() == DataTypes.BOOLEAN || e.type() == DataTypes.NULL) {
      return castTo(e, DataTypes.BOOLEAN);
    }
    throw new AnalysisException(what + " requires a boolean argument, got "
        + e.type().simpleString() + ": " + sql);
  }

  static BoundExpr requireNumeric(String what, BoundExpr e, String sql) {
    DataType t = e.type();
    if (t.isNumeric()) {
      return e;
    } else if (t == DataTypes.STRING) {
      return castTo(e, DataTypes.DOUBLE);
    } else if (t == DataTypes.NULL) {
      return castTo(e, DataTypes.INT);
    }
    throw new AnalysisException(what + " requires a numeric argument, got " + t.simpleString()
        + ": " + sql);
  }

  /**
   * The type both sides of a comparison are cast to, as Spark coerces: numbers widen, a string
   * compared with a number, timestamp, date, boolean or binary is cast to that type, a date
   * compared with a timestamp becomes a timestamp.
   *
   * @return the type, or null if the two cannot be compared
   */
  static DataType comparisonType(DataType a, DataType b) {
    if (!(a instanceof AtomicType) || !(b instanceof AtomicType)) {
      return null;
    }
    if (a.equals(b)) {
      return a;
    } else if (a == DataTypes.NULL) {
      return b;
    } else if (b == DataTypes.NULL) {
      return a;
    } else if (a.isNumeric() && b.isNumeric()) {
      return widerNumeric(a, b);
    } else if (a == DataTypes.STRING && b != DataTypes.STRING) {
      return b;
    } else if (b == DataTypes.STRING) {
      return a;
    } else if ((a == DataTypes.DATE && b == DataTypes.TIMESTAMP)
        || (a == DataTypes.TIMESTAMP && b == DataTypes.DATE)) {
      return DataTypes.TIMESTAMP;
    }
    return null;
  }

  /**
   * The type that values of several branches (CASE, coalesce) are cast to: numbers widen, the null
   * type takes the other's, date and timestamp give timestamp, a string with another atomic type
   * gives string.
   *
   * @throws AnalysisException if no common type exists
   */
  static DataType commonType(String what, List<BoundExpr> values, String sql) {
    DataType t = DataTypes.NULL;
    for (BoundExpr v : values) {
      DataType next = widerType(t, v.type());
      if (next == null) {
        throw new AnalysisException(what + " has values of incompatible types "
            + t.simpleString() + " and " + v.type().simpleString() + ": " + sql);
      }
      t = next;
    }
    return t;
  }

  private static DataType widerType(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    } else if (a == DataTypes.NULL) {
      return b;
    } else if (b == DataTypes.NULL) {
      return a;
    } else if (a.isNumeric() && b.isNumeric()) {
      return widerNumeric(a, b);
    } else if ((a == DataTypes.DATE && b == DataTypes.TIMESTAMP)
        || (a == DataTypes.TIMESTAMP && b == DataTypes.DATE)) {
      return DataTypes.TIMESTAMP;
    } else if ((a == DataTypes.STRING && b instanceof AtomicType && b != DataTypes.BINARY)
        || (b == DataTypes.STRING && a instanceof AtomicType && a != DataTypes.BINARY)) {
      return DataTypes.STRING;
    }
    return null;
  }

  /**
   * Evaluates an expression once at analysis time when all its children are constants.
   *
   * @param e the expression
   * @return a literal, or {@code e} when it cannot be folded
   */
  static BoundExpr fold(BaseExpr e) {
    if (!e.foldable() || e.children.isEmpty()) {
      return e;
    }
    for (BoundExpr c : e.children) {
      if (!(c instanceof LiteralExpr)) {
        return e;
      }
    }
    ColumnBatch one = new ColumnBatch(StructType.empty(), new ColumnVector[0], 1);
    EvalContext ctx = new EvalContext(0);
    ctx.reset(1);
    return LiteralExpr.fromVector(e.eval(one, ctx), 0, e.name(), e.sql());
  }

  /**
   * The constant value of an expression, looking through aliases.
   *
   * @param e the expression
   * @return the literal, or null if {@code e} is not constant
   */
  static LiteralExpr constant(BoundExpr e) {
    while (e instanceof AliasExpr a) {
      e = a.child();
    }
    return e instanceof LiteralExpr l ? l : null;
  }
}
