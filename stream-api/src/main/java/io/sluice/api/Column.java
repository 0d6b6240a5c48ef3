package io.sluice.api;

import io.sluice.api.plan.Expr;
import io.sluice.api.plan.Expr.BinaryOperator;
import io.sluice.api.plan.Expr.UnaryOperator;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A column expression: an immutable tree built with {@link Functions} and the methods here, and
 * resolved against a schema only when the query is analyzed. Operands that are not {@code Column}s
 * become literals.
 */
public final class Column {
  private final Expr expr;

  /**
   * Wraps an expression tree.
   *
   * @param expr the tree
   */
  public Column(Expr expr) {
    this.expr = Objects.requireNonNull(expr, "expr");
  }

  /** @return the expression tree */
  public Expr expr() {
    return expr;
  }

  static Expr toExpr(Object o) {
    if (o instanceof Column c) {
      return c.expr;
    }
    return Functions.lit(o).expr;
  }

  private Column binary(BinaryOperator op, Object other) {
    return new Column(new Expr.Binary(op, expr, toExpr(other)));
  }

  /**
   * Names this column in an output.
   *
   * @param alias the name
   * @return the aliased column
   */
  public Column as(String alias) {
    Expr inner = expr instanceof Expr.Alias a ? a.child() : expr;
    return new Column(new Expr.Alias(inner, alias));
  }

  /**
   * Same as {@link #as(String)}.
   *
   * @param alias the name
   * @return the aliased column
   */
  public Column alias(String alias) {
    return as(alias);
  }

  /**
   * {@code this + other}.
   *
   * @param other a column or a value
   * @return the sum
   */
  public Column plus(Object other) {
    return binary(BinaryOperator.ADD, other);
  }

  /**
   * {@code this - other}.
   *
   * @param other a column or a value
   * @return the difference
   */
  public Column minus(Object other) {
    return binary(BinaryOperator.SUBTRACT, other);
  }

  /**
   * {@code this * other}.
   *
   * @param other a column or a value
   * @return the product
   */
  public Column multiply(Object other) {
    return binary(BinaryOperator.MULTIPLY, other);
  }

  /**
   * {@code this / other} as a double; null when dividing by zero.
   *
   * @param other a column or a value
   * @return the quotient
   */
  public Column divide(Object other) {
    return binary(BinaryOperator.DIVIDE, other);
  }

  /**
   * {@code this % other}; null when dividing by zero.
   *
   * @param other a column or a value
   * @return the remainder
   */
  public Column mod(Object other) {
    return binary(BinaryOperator.REMAINDER, other);
  }

  /** @return {@code -this} */
  public Column negate() {
    return new Column(new Expr.Unary(UnaryOperator.NEGATE, expr));
  }

  /**
   * {@code this = other}; null if either side is null.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column equalTo(Object other) {
    return binary(BinaryOperator.EQUAL, other);
  }

  /**
   * Null-safe equality {@code this <=> other}: true when both are null.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column eqNullSafe(Object other) {
    return binary(BinaryOperator.EQUAL_NULL_SAFE, other);
  }

  /**
   * {@code this != other}.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column notEqual(Object other) {
    return binary(BinaryOperator.NOT_EQUAL, other);
  }

  /**
   * {@code this < other}.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column lt(Object other) {
    return binary(BinaryOperator.LESS_THAN, other);
  }

  /**
   * {@code this <= other}.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column leq(Object other) {
    return binary(BinaryOperator.LESS_THAN_OR_EQUAL, other);
  }

  /**
   * {@code this > other}.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column gt(Object other) {
    return binary(BinaryOperator.GREATER_THAN, other);
  }

  /**
   * {@code this >= other}.
   *
   * @param other a column or a value
   * @return the comparison
   */
  public Column geq(Object other) {
    return binary(BinaryOperator.GREATER_THAN_OR_EQUAL, other);
  }

  /**
   * {@code lower <= this AND this <= upper}.
   *
   * @param lower the lower bound
   * @param upper the upper bound
   * @return the condition
   */
  public Column between(Object lower, Object upper) {
    return geq(lower).and(leq(upper));
  }

  /**
   * Boolean AND with SQL's three-valued logic.
   *
   * @param other a boolean column
   * @return the conjunction
   */
  public Column and(Column other) {
    return binary(BinaryOperator.AND, other);
  }

  /**
   * Boolean OR with SQL's three-valued logic.
   *
   * @param other a boolean column
   * @return the disjunction
   */
  public Column or(Column other) {
    return binary(BinaryOperator.OR, other);
  }

  /** @return boolean NOT */
  public Column not() {
    return new Column(new Expr.Unary(UnaryOperator.NOT, expr));
  }

  /** @return true where this is null */
  public Column isNull() {
    return new Column(new Expr.Unary(UnaryOperator.IS_NULL, expr));
  }

  /** @return true where this is not null */
  public Column isNotNull() {
    return new Column(new Expr.Unary(UnaryOperator.IS_NOT_NULL, expr));
  }

  /**
   * True where this equals one of the values.
   *
   * @param values columns or values
   * @return the condition
   */
  public Column isin(Object... values) {
    List<Expr> args = new ArrayList<>();
    args.add(expr);
    for (Object v : values) {
      args.add(toExpr(v));
    }
    return new Column(new Expr.Call("in", args));
  }

  /**
   * Converts to another type; values that don't convert become null.
   *
   * @param to the target type
   * @return the cast
   */
  public Column cast(DataType to) {
    return new Column(new Expr.Cast(expr, to));
  }

  /**
   * Converts to a type given by name ({@code "string"}, {@code "bigint"}, ...).
   *
   * @param typeName the type name
   * @return the cast
   */
  public Column cast(String typeName) {
    return cast(DataTypes.fromName(typeName));
  }

  /**
   * Adds a branch to a {@code when} chain started by {@link Functions#when(Column, Object)}.
   *
   * @param condition the condition
   * @param value the value when it holds
   * @return the extended chain
   * @throws IllegalStateException if this column is not an unfinished {@code when} chain
   */
  public Column when(Column condition, Object value) {
    Expr.CaseWhen cw = openCaseWhen("when");
    List<Expr.WhenBranch> branches = new ArrayList<>(cw.branches());
    branches.add(new Expr.WhenBranch(condition.expr, toExpr(value)));
    return new Column(new Expr.CaseWhen(branches, null));
  }

  /**
   * Completes a {@code when} chain with the value used when no branch holds.
   *
   * @param value the default value
   * @return the finished expression
   * @throws IllegalStateException if this column is not an unfinished {@code when} chain
   */
  public Column otherwise(Object value) {
    Expr.CaseWhen cw = openCaseWhen("otherwise");
    return new Column(new Expr.CaseWhen(cw.branches(), toExpr(value)));
  }

  private Expr.CaseWhen openCaseWhen(String method) {
    if (!(expr instanceof Expr.CaseWhen cw) || cw.otherwise() != null) {
      throw new IllegalStateException(
          method + "() can only follow functions.when(...) or another when(...)");
    }
    return cw;
  }

  /**
   * A field of this struct column.
   *
   * @param name the field name
   * @return the field
   */
  public Column getField(String name) {
    if (expr instanceof Expr.ColumnRef ref) {
      List<String> path = new ArrayList<>(ref.path());
      path.add(name);
      return new Column(new Expr.ColumnRef(path));
    }
    return new Column(new Expr.Call("get_field", List.of(expr, Functions.lit(name).expr())));
  }

  /**
   * True where this string contains {@code substring}.
   *
   * @param substring a column or a string
   * @return the condition
   */
  public Column contains(Object substring) {
    return new Column(new Expr.Call("contains", List.of(expr, toExpr(substring))));
  }

  /**
   * True where this string starts with {@code prefix}.
   *
   * @param prefix a column or a string
   * @return the condition
   */
  public Column startsWith(Object prefix) {
    return new Column(new Expr.Call("startswith", List.of(expr, toExpr(prefix))));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && c.expr.equals(expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }

  @Override
  public String toString() {
    return expr.sql();
  }
}
