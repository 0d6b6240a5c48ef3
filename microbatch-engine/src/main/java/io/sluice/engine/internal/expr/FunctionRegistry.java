package io.sluice.engine.internal.expr;

import static io.sluice.engine.internal.expr.ExprResolver.castTo;
import static io.sluice.engine.internal.expr.ExprResolver.fold;

import io.sluice.api.AnalysisException;
import io.sluice.api.plan.Expr;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Binds the built-in scalar functions that {@link Expr.Call} names. */
final class FunctionRegistry {
  /** Every function name {@link #bind} knows, for error messages. */
  static final List<String> NAMES = List.of("abs", "window_time", "coalesce", "concat", "contains",
      "current_timestamp", "date_trunc", "get_field", "in", "length", "lower", "regexp_replace",
      "split", "startswith", "struct", "substring", "to_timestamp", "trim", "upper");

  private FunctionRegistry() {}

  static BoundExpr bind(Expr.Call call, List<BoundExpr> args, String name, String sql) {
    String fn = call.name().toLowerCase(Locale.ROOT);
    switch (fn) {
      case "coalesce": {
        arity(fn, args, 1, Integer.MAX_VALUE, sql);
        DataType t = ExprResolver.commonType(fn, args, sql);
        return fold(new CoalesceExpr(castAll(args, t), t, name, sql));
      }
      case "in": {
        arity(fn, args, 2, Integer.MAX_VALUE, sql);
        DataType t = args.get(0).type();
        for (BoundExpr a : args.subList(1, args.size())) {
          DataType next = ExprResolver.comparisonType(t, a.type());
          if (next == null) {
            throw new AnalysisException("Cannot compare " + t.simpleString() + " with "
                + a.type().simpleString() + " in IN: " + sql);
          }
          t = next;
        }
        List<BoundExpr> cast = castAll(args, t);
        // Spark renders IN as (x IN (a, b))
        List<Expr> src = call.args();
        String inSql = "(" + src.get(0).sql() + " IN (" + src.subList(1, src.size()).stream()
            .map(Expr::sql).collect(java.util.stream.Collectors.joining(", ")) + "))";
        return fold(new InExpr(cast.get(0), cast.subList(1, cast.size()), inSql, inSql));
      }
      case "abs": {
        arity(fn, args, 1, 1, sql);
        BoundExpr c = ExprResolver.requireNumeric(fn, args.get(0), sql);
        return fold(new UnaryExpr(UnaryExpr.Kind.ABS, c, c.type(), name, sql));
      }
      case "struct": {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          Expr source = call.args().get(i);
          boolean named = source instanceof Expr.ColumnRef || source instanceof Expr.Alias;
          BoundExpr a = args.get(i);
          fields.add(new StructField(named ? a.name() : "col" + (i + 1), a.type(), a.nullable()));
        }
        return fold(new StructExpr(args, new StructType(fields), name, sql));
      }
      case "window_time": {
        arity(fn, args, 1, 1, sql);
        if (!(args.get(0).type() instanceof StructType wt) || wt.indexOf("end") < 0
            || wt.field(wt.indexOf("end")).type() != DataTypes.TIMESTAMP) {
          throw new AnalysisException("window_time requires a window column (struct<start:timestamp,"
              + "end:timestamp>), got " + args.get(0).type().simpleString() + ": " + sql);
        }
        return new WindowTimeExpr(args.get(0), wt.indexOf("end"), name, sql);
      }
      case "get_field": {
        arity(fn, args, 2, 2, sql);
        String field = literalString(fn, args.get(1), "field name", sql);
        if (!(args.get(0).type() instanceof StructType st)) {
          throw new AnalysisException("get_field requires a struct argument, got "
              + args.get(0).type().simpleString() + ": " + sql);
        }
        int idx = st.indexOf(field);
        if (idx < 0) {
          throw new AnalysisException("No field '" + field + "' in " + args.get(0).sql()
              + ". Available fields: " + st.fieldNames());
        }
        return fold(new GetFieldExpr(args.get(0), idx, st.field(idx).type(), field, sql));
      }
      case "lower":
      case "upper":
      case "trim": {
        arity(fn, args, 1, 1, sql);
        StringUnaryExpr.Kind kind = StringUnaryExpr.Kind.valueOf(fn.toUpperCase(Locale.ROOT));
        return fold(new StringUnaryExpr(kind, requireString(fn, args.get(0), sql), name, sql));
      }
      case "length": {
        arity(fn, args, 1, 1, sql);
        BoundExpr c = args.get(0).type() == DataTypes.BINARY ? args.get(0)
            : requireString(fn, args.get(0), sql);
        return fold(new StringUnaryExpr(StringUnaryExpr.Kind.LENGTH, c, name, sql));
      }
      case "concat": {
        arity(fn, args, 1, Integer.MAX_VALUE, sql);
        boolean allBinary = args.stream().allMatch(a -> a.type() == DataTypes.BINARY);
        List<BoundExpr> cast = new ArrayList<>();
        for (BoundExpr a : args) {
          if (!(a.type() instanceof io.sluice.api.types.AtomicType)) {
            throw new AnalysisException("concat requires string arguments, got "
                + a.type().simpleString() + ": " + sql);
          }
          cast.add(allBinary ? a : castTo(a, DataTypes.STRING));
        }
        return fold(new ConcatExpr(cast, allBinary ? DataTypes.BINARY : DataTypes.STRING, name,
            sql));
      }
      case "substring": {
        arity(fn, args, 3, 3, sql);
        BoundExpr c = args.get(0).type() == DataTypes.BINARY ? args.get(0)
            : requireString(fn, args.get(0), sql);
        int pos = literalInt(fn, args.get(1), "position", sql);
        int len = literalInt(fn, args.get(2), "length", sql);
        return fold(new SubstringExpr(c, pos, len, name, sql));
      }
      case "regexp_replace": {
        arity(fn, args, 3, 3, sql);
        BoundExpr c = requireString(fn, args.get(0), sql);
        Pattern p = compile(fn, literalString(fn, args.get(1), "pattern", sql), sql);
        String replacement = literalString(fn, args.get(2), "replacement", sql);
        return fold(new RegexpReplaceExpr(c, p, replacement, name, sql));
      }
      case "split": {
        arity(fn, args, 2, 3, sql);
        BoundExpr c = requireString(fn, args.get(0), sql);
        Pattern p = compile(fn, literalString(fn, args.get(1), "pattern", sql), sql);
        int limit = args.size() == 3 ? literalInt(fn, args.get(2), "limit", sql) : -1;
        return fold(new SplitExpr(c, p, limit, name, sql));
      }
      case "contains":
      case "startswith": {
        arity(fn, args, 2, 2, sql);
        return fold(new StringPredicateExpr(fn.equals("startswith"),
            requireString(fn, args.get(0), sql), requireString(fn, args.get(1), sql), name, sql));
      }
      case "to_timestamp": {
        arity(fn, args, 1, 2, sql);
        BoundExpr c = args.get(0);
        if (args.size() == 1) {
          DataType t = c.type();
          if (t != DataTypes.STRING && t != DataTypes.TIMESTAMP && t != DataTypes.DATE
              && t != DataTypes.NULL) {
            throw new AnalysisException("to_timestamp requires a string argument, got "
                + t.simpleString() + ": " + sql);
          }
          return fold(new CastExpr(c, DataTypes.TIMESTAMP, name, sql));
        }
        String pattern = literalString(fn, args.get(1), "pattern", sql);
        DateTimeFormatter f;
        try {
          f = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
          throw new AnalysisException("Invalid to_timestamp pattern '" + pattern + "': "
              + e.getMessage());
        }
        return fold(new ToTimestampExpr(requireString(fn, c, sql), f, name, sql));
      }
      case "date_trunc": {
        arity(fn, args, 2, 2, sql);
        DateTruncExpr.Unit unit = DateTruncExpr.parseUnit(
            literalString(fn, args.get(0), "unit", sql));
        BoundExpr ts = args.get(1);
        DataType t = ts.type();
        if (t != DataTypes.TIMESTAMP && t != DataTypes.DATE && t != DataTypes.STRING
            && t != DataTypes.NULL) {
          throw new AnalysisException("date_trunc requires a timestamp argument, got "
              + t.simpleString() + ": " + sql);
        }
        return fold(new DateTruncExpr(unit, castTo(ts, DataTypes.TIMESTAMP), name, sql));
      }
      case "current_timestamp": {
        arity(fn, args, 0, 0, sql);
        return new CurrentTimestampExpr(name, sql);
      }
      default: {
        BoundExpr plugged = PluggedFunctionExpr.bindOrNull(fn, args, name, sql);
        if (plugged != null) {
          return plugged;
        }
        java.util.TreeSet<String> known = new java.util.TreeSet<>(NAMES);
        known.addAll(PluggedFunctionExpr.names());
        throw new AnalysisException("Unknown function '" + call.name() + "'. Known functions: "
            + known);
      }
    }
  }

  private static void arity(String fn, List<BoundExpr> args, int min, int max, String sql) {
    if (args.size() < min || args.size() > max) {
      String expected = min == max ? String.valueOf(min)
          : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
      throw new AnalysisException("Function " + fn + " takes " + expected + " argument"
          + (min == 1 && max == 1 ? "" : "s") + ", got " + args.size() + ": " + sql);
    }
  }

  private static List<BoundExpr> castAll(List<BoundExpr> args, DataType t) {
    List<BoundExpr> out = new ArrayList<>(args.size());
    for (BoundExpr a : args) {
      out.add(castTo(a, t));
    }
    return out;
  }

  static BoundExpr requireString(String fn, BoundExpr e, String sql) {
    if (e.type() == DataTypes.STRING || e.type() == DataTypes.NULL) {
      return castTo(e, DataTypes.STRING);
    }
    throw new AnalysisException(fn + " requires a string argument, got "
        + e.type().simpleString() + ": " + sql);
  }

  private static String literalString(String fn, BoundExpr e, String what, String sql) {
    LiteralExpr l = ExprResolver.constant(e);
    if (l == null || l.isNull() || l.type() != DataTypes.STRING) {
      throw new AnalysisException(fn + " requires a literal string " + what + ", got "
          + e.sql() + ": " + sql);
    }
    return (String) l.value();
  }

  private static int literalInt(String fn, BoundExpr e, String what, String sql) {
    LiteralExpr l = ExprResolver.constant(e);
    if (l == null || l.isNull() || (l.type() != DataTypes.INT && l.type() != DataTypes.LONG)) {
      throw new AnalysisException(fn + " requires a literal integer " + what + ", got "
          + e.sql() + ": " + sql);
    }
    long v = ((Number) l.value()).longValue();
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  private static Pattern compile(String fn, String regex, String sql) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new AnalysisException("Invalid regular expression in " + fn + ": "
          + e.getDescription() + ": " + sql);
    }
  }
}
