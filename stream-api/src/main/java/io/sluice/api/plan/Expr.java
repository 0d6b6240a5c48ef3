package io.sluice.api.plan;

import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An unresolved expression: the immutable tree that {@link io.sluice.api.Column} wraps. The engine's
 * analyzer resolves names and types against the input schema; nothing here evaluates.
 *
 * <p>This is part of the plan model that engines and connectors read; users build expressions
 * through {@link io.sluice.api.Column} and {@link io.sluice.api.Functions}.
 */
public sealed interface Expr {
  /** @return the direct children */
  List<Expr> children();

  /** @return a readable rendering, as {@code explain()} prints it */
  String sql();

  /**
   * A reference to a column by name; {@code path} has more than one element for a nested field
   * ({@code a.b} → [a, b]).
   *
   * @param path the name parts
   */
  record ColumnRef(List<String> path) implements Expr {
    /** Validates the components. */
    public ColumnRef {
      path = List.copyOf(path);
    }

    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public String sql() {
      return String.join(".", path);
    }

    /** @return the last name part: the name the column gets in an output */
    public String name() {
      return path.get(path.size() - 1);
    }
  }

  /**
   * {@code *} (all columns) or {@code s.*} (all fields of struct column {@code s}).
   *
   * @param target the struct path, empty for all top-level columns
   */
  record Star(List<String> target) implements Expr {
    /** Validates the components. */
    public Star {
      target = List.copyOf(target);
    }

    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public String sql() {
      return target.isEmpty() ? "*" : String.join(".", target) + ".*";
    }
  }

  /**
   * A constant.
   *
   * @param value the value in its Java representation, or null
   * @param type its type
   */
  record Literal(Object value, DataType type) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of();
    }

    @Override
    public String sql() {
      if (value == null) {
        return "NULL";
      }
      return value instanceof String s ? "'" + s.replace("'", "\\'") + "'" : String.valueOf(value);
    }
  }

  /**
   * Names an expression's output column.
   *
   * @param child the expression
   * @param name the output name
   */
  record Alias(Expr child, String name) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(child);
    }

    @Override
    public String sql() {
      return child.sql() + " AS " + name;
    }
  }

  /** Binary operators. */
  enum BinaryOperator {
    /** +. */ ADD("+"),
    /** -. */ SUBTRACT("-"),
    /** *. */ MULTIPLY("*"),
    /** / (always double, null on division by zero, as in Spark). */ DIVIDE("/"),
    /** % (null on division by zero). */ REMAINDER("%"),
    /** =. */ EQUAL("="),
    /** <=> (null-safe equality). */ EQUAL_NULL_SAFE("<=>"),
    /** !=. */ NOT_EQUAL("!="),
    /** <. */ LESS_THAN("<"),
    /** <=. */ LESS_THAN_OR_EQUAL("<="),
    /** >. */ GREATER_THAN(">"),
    /** >=. */ GREATER_THAN_OR_EQUAL(">="),
    /** AND (three-valued). */ AND("AND"),
    /** OR (three-valued). */ OR("OR");

    private final String symbol;

    BinaryOperator(String symbol) {
      this.symbol = symbol;
    }

    /** @return the operator's symbol */
    public String symbol() {
      return symbol;
    }
  }

  /**
   * A binary operation.
   *
   * @param op the operator
   * @param left the left operand
   * @param right the right operand
   */
  record Binary(BinaryOperator op, Expr left, Expr right) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(left, right);
    }

    @Override
    public String sql() {
      return "(" + left.sql() + " " + op.symbol() + " " + right.sql() + ")";
    }
  }

  /** Unary operators. */
  enum UnaryOperator {
    /** Boolean NOT. */ NOT,
    /** Arithmetic negation. */ NEGATE,
    /** IS NULL. */ IS_NULL,
    /** IS NOT NULL. */ IS_NOT_NULL
  }

  /**
   * A unary operation.
   *
   * @param op the operator
   * @param child the operand
   */
  record Unary(UnaryOperator op, Expr child) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(child);
    }

    @Override
    public String sql() {
      switch (op) {
        case NOT: return "(NOT " + child.sql() + ")";
        case NEGATE: return "(-" + child.sql() + ")";
        case IS_NULL: return "(" + child.sql() + " IS NULL)";
        default: return "(" + child.sql() + " IS NOT NULL)";
      }
    }
  }

  /**
   * A cast to another type, with Spark's non-ANSI semantics: a value that does not convert becomes
   * null.
   *
   * @param child the expression
   * @param to the target type
   */
  record Cast(Expr child, DataType to) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(child);
    }

    @Override
    public String sql() {
      return "CAST(" + child.sql() + " AS " + to.simpleString() + ")";
    }
  }

  /**
   * One {@code WHEN cond THEN value} of a {@link CaseWhen}.
   *
   * @param condition the condition
   * @param value the value when it holds
   */
  record WhenBranch(Expr condition, Expr value) {}

  /**
   * {@code CASE WHEN ... THEN ... ELSE ... END}.
   *
   * @param branches the branches, in order
   * @param otherwise the value when no branch holds, or null for SQL NULL
   */
  record CaseWhen(List<WhenBranch> branches, Expr otherwise) implements Expr {
    /** Validates the components. */
    public CaseWhen {
      branches = List.copyOf(branches);
    }

    @Override
    public List<Expr> children() {
      List<Expr> out = new java.util.ArrayList<>();
      for (WhenBranch b : branches) {
        out.add(b.condition());
        out.add(b.value());
      }
      if (otherwise != null) {
        out.add(otherwise);
      }
      return out;
    }

    @Override
    public String sql() {
      StringBuilder sb = new StringBuilder("CASE");
      for (WhenBranch b : branches) {
        sb.append(" WHEN ").append(b.condition().sql()).append(" THEN ").append(b.value().sql());
      }
      if (otherwise != null) {
        sb.append(" ELSE ").append(otherwise.sql());
      }
      return sb.append(" END").toString();
    }
  }

  /**
   * A call of a built-in scalar function by name: {@code coalesce}, {@code lower}, {@code upper},
   * {@code concat}, {@code substring}, {@code length}, {@code trim}, {@code regexp_replace},
   * {@code split}, {@code to_timestamp}, {@code date_trunc}, {@code current_timestamp}, and the
   * others listed in {@link io.sluice.api.Functions}. Constant parameters (patterns, units) are
   * {@link Literal} arguments.
   *
   * @param name the function name (lower case)
   * @param args the arguments
   */
  record Call(String name, List<Expr> args) implements Expr {
    /** Validates the components. */
    public Call {
      Objects.requireNonNull(name, "name");
      args = List.copyOf(args);
    }

    @Override
    public List<Expr> children() {
      return args;
    }

    @Override
    public String sql() {
      return name + "(" + args.stream().map(Expr::sql).collect(Collectors.joining(", ")) + ")";
    }
  }

  /**
   * Parses a JSON string column into a struct.
   *
   * @param child the string (or binary) expression
   * @param schema the struct to parse into
   * @param options parse options: {@code mode} (PERMISSIVE, DROPMALFORMED, FAILFAST),
   *     {@code columnNameOfCorruptRecord}, {@code timestampFormat}
   */
  record FromJson(Expr child, StructType schema, Map<String, String> options) implements Expr {
    /** Validates the components. */
    public FromJson {
      options = Map.copyOf(options);
    }

    @Override
    public List<Expr> children() {
      return List.of(child);
    }

    @Override
    public String sql() {
      return "from_json(" + child.sql() + ", " + schema.simpleString() + ")";
    }
  }

  /**
   * Serializes a struct (or array) to a JSON string.
   *
   * @param child the expression
   */
  record ToJson(Expr child) implements Expr {
    @Override
    public List<Expr> children() {
      return List.of(child);
    }

    @Override
    public String sql() {
      return "to_json(" + child.sql() + ")";
    }
  }

  /**
   * An aggregate function call, valid only inside {@code agg(...)}: count, sum, avg, min, max,
   * first, last, collect_list, collect_set, approx_count_distinct; {@code distinct} for
   * {@code count(DISTINCT ...)}.
   *
   * @param name the function name
   * @param args the arguments (empty for {@code count(*)})
   * @param distinct whether duplicates are counted once
   */
  record Aggregate(String name, List<Expr> args, boolean distinct) implements Expr {
    /** Validates the components. */
    public Aggregate {
      args = List.copyOf(args);
    }

    @Override
    public List<Expr> children() {
      return args;
    }

    @Override
    public String sql() {
      return name + "(" + (distinct ? "DISTINCT " : "")
          + (args.isEmpty() ? "*" : args.stream().map(Expr::sql).collect(Collectors.joining(", ")))
          + ")";
    }
  }
}
