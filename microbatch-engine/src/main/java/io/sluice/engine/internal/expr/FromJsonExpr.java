package io.sluice.engine.internal.expr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.api.AnalysisException;
import io.sluice.api.SluiceException;
import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code from_json(text, schema, options)}: parses JSON text (string or binary, UTF-8) with
 * Jackson's streaming parser straight into the struct's child vectors, with no tree or map per
 * record.
 *
 * <p>Conversions, as Spark's JSON reader: JSON integers into int/bigint (out of range is
 * malformed), any number into double, strings for number, boolean, timestamp and date fields are
 * converted as a cast would (null if they don't convert), any scalar into a string field as its
 * text and an object or array as its JSON, timestamps from ISO-8601 strings (or the
 * {@code timestampFormat} pattern) or epoch seconds, binary from base64. Missing fields are null;
 * unknown fields are skipped; for a duplicated key the first value wins.
 *
 * <p>A record is malformed when it is not valid JSON, its root is not an object, there is content
 * after the object, or a value has a type that cannot convert (an object for an int field, a
 * string for a struct field, ...). Then, per {@code mode}: PERMISSIVE gives a struct whose fields
 * are all null except the corrupt-record field (if the schema has that string field), which gets
 * the raw text; DROPMALFORMED marks the row in the {@link EvalContext} for the enclosing
 * projection or filter to drop; FAILFAST throws. A null or blank input gives a null struct.
 */
final class FromJsonExpr extends BaseExpr {
  /** How malformed records are handled. */
  enum Mode { PERMISSIVE, DROPMALFORMED, FAILFAST }

  static final JsonFactory FACTORY = JsonFactory.builder().build();
  private static final String DEFAULT_CORRUPT = "_corrupt_record";

  private final BoundExpr child;
  private final Mode mode;
  private final int corruptIndex;
  private final DateTimeFormatter timestampFormat;
  private final StructPlan plan;

  private FromJsonExpr(BoundExpr child, StructType schema, Mode mode, int corruptIndex,
      DateTimeFormatter timestampFormat, String name, String sql) {
    super(schema, true, name, sql, List.of(child));
    this.child = child;
    this.mode = mode;
    this.corruptIndex = corruptIndex;
    this.timestampFormat = timestampFormat;
    this.plan = new StructPlan(schema, corruptIndex);
  }

  static FromJsonExpr create(BoundExpr child, StructType schema, Map<String, String> options,
      String name, String sql) {
    DataType in = child.type();
    if (in == DataTypes.NULL) {
      child = ExprResolver.castTo(child, DataTypes.STRING);
    } else if (in != DataTypes.STRING && in != DataTypes.BINARY) {
      throw new AnalysisException("from_json requires a string or binary argument, got "
          + in.simpleString() + ": " + sql);
    }
    Map<String, String> opts = new HashMap<>();
    options.forEach((k, v) -> opts.put(k.toLowerCase(Locale.ROOT), v));
    String modeText = opts.getOrDefault("mode", "PERMISSIVE");
    Mode mode;
    try {
      mode = Mode.valueOf(modeText.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AnalysisException("Unknown from_json mode '" + modeText
          + "'; use PERMISSIVE, DROPMALFORMED or FAILFAST");
    }
    String corruptName = opts.getOrDefault("columnnameofcorruptrecord", DEFAULT_CORRUPT);
    int corruptIndex = schema.fieldNames().indexOf(corruptName);
    if (corruptIndex >= 0 && schema.field(corruptIndex).type() != DataTypes.STRING) {
      throw new AnalysisException("The corrupt record field '" + corruptName
          + "' must be a string, got " + schema.field(corruptIndex).type().simpleString());
    }
    DateTimeFormatter tsFormat = null;
    String pattern = opts.get("timestampformat");
    if (pattern != null) {
      try {
        tsFormat = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new AnalysisException("Invalid from_json timestampFormat '" + pattern + "': "
            + e.getMessage());
      }
    }
    return new FromJsonExpr(child, schema, mode, corruptIndex, tsFormat, name, sql);
  }

  @Override
  boolean foldable() {
    return false; // acts on the context (DROPMALFORMED) and may fail the batch
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    BytesVector text = (BytesVector) child.eval(input, ctx);
    int n = input.numRows();
    StructVector out = new StructVector((StructType) type(), n);
    Reader reader = new Reader();
    byte[] data = text.data();
    for (int row = 0; row < n; row++) {
      int off = text.offset(row);
      int len = text.length(row);
      if (text.isNull(row) || isBlank(data, off, len)) {
        out.appendNull();
        continue;
      }
      String error;
      try (JsonParser p = FACTORY.createParser(data, off, len)) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
          throw new Malformed("the JSON root is " + describe(t) + ", not an object");
        }
        reader.readFields(p, plan, out);
        if (p.nextToken() != null) {
          throw new Malformed("unexpected content after the JSON object");
        }
        StructPlan.complete(out);
        continue;
      } catch (JsonProcessingException e) {
        error = e.getOriginalMessage();
      } catch (Malformed e) {
        error = e.getMessage();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // not thrown when reading a byte array
      }
      onMalformed(out, row, data, off, len, error, ctx);
    }
    return out;
  }

  private void onMalformed(StructVector out, int row, byte[] data, int off, int len,
      String error, EvalContext ctx) {
    if (mode == Mode.FAILFAST) {
      String record = new String(data, off, len, StandardCharsets.UTF_8);
      if (record.length() > 200) {
        record = record.substring(0, 200) + "...";
      }
      throw new SluiceException("Malformed JSON record in FAILFAST mode: " + record + ": "
          + error);
    }
    StructType st = (StructType) type();
    for (int f = 0; f < st.size(); f++) {
      ColumnVector c = out.child(f);
      if (f == corruptIndex && mode == Mode.PERMISSIVE) {
        ((BytesVector) c).append(data, off, len); // never written while parsing
      } else {
        Repair.toNull(c, row);
      }
    }
    out.appendRowFromChildren();
    if (mode == Mode.DROPMALFORMED) {
      Vectors.setNullDeep(out, row);
      ctx.markDropped(row);
    }
  }

  private static boolean isBlank(byte[] d, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (d[i] != ' ' && d[i] != '\t' && d[i] != '\n' && d[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "empty";
    }
    switch (t) {
      case START_OBJECT: return "an object";
      case START_ARRAY: return "an array";
      case VALUE_STRING: return "a string";
      case VALUE_NUMBER_INT: return "an integer";
      case VALUE_NUMBER_FLOAT: return "a number";
      case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
      default: return t.asString() == null ? t.name() : t.asString();
    }
  }

  /** A record that cannot be converted; cheap (no stack trace), as it may occur per row. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Precomputed per struct: field name to index, and the children's plans. */
  static final class StructPlan {
    final Map<String, Integer> index = new HashMap<>();
    final Object[] children; // StructPlan, ArrayType (with its element plan) or AtomicType

    StructPlan(StructType type, int skip) {
      children = new Object[type.size()];
      for (int f = 0; f < type.size(); f++) {
        if (f != skip) {
          index.put(type.field(f).name(), f);
        }
        children[f] = planOf(type.field(f).type());
      }
    }

    static Object planOf(DataType t) {
      if (t instanceof StructType st) {
        return new StructPlan(st, -1);
      } else if (t instanceof ArrayType at) {
        return new ArrayPlan(planOf(at.elementType()));
      }
      return t;
    }

    /** Fills the fields a record did not have with nulls and completes the struct's row. */
    static void complete(StructVector out) {
      int row = out.size();
      for (int f = 0; f < out.structType().size(); f++) {
        ColumnVector c = out.child(f);
        if (c.size() == row) {
          c.appendNull();
        }
      }
      out.appendRowFromChildren();
    }
  }

  /** The plan of an array's elements. */
  record ArrayPlan(Object element) {}

  /**
   * Per-evaluation parse state: scratch buffers, so conversions of strings to numbers and
   * timestamps do not allocate.
   */
  private final class Reader {
    private byte[] scratch = new byte[64];
    private final long[] parsedLong = new long[1];

    void readFields(JsonParser p, StructPlan sp, StructVector out) throws IOException {
      int row = out.size();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        Integer idx = sp.index.get(p.currentName());
        JsonToken vt = p.nextToken();
        if (idx == null || out.child(idx).size() > row) {
          p.skipChildren(); // unknown field, or a duplicate key (the first value wins)
          continue;
        }
        readValue(p, vt, sp.children[idx], out.child(idx));
      }
      if (t != JsonToken.END_OBJECT) {
        throw new Malformed("unexpected " + describe(t) + " in an object");
      }
    }

    void readValue(JsonParser p, JsonToken t, Object plan, ColumnVector out) throws IOException {
      if (t == JsonToken.VALUE_NULL) {
        out.appendNull();
        return;
      }
      if (plan instanceof StructPlan sp) {
        if (t != JsonToken.START_OBJECT) {
          throw mismatch(p, t, out.type());
        }
        StructVector s = (StructVector) out;
        readFields(p, sp, s);
        StructPlan.complete(s);
        return;
      }
      if (plan instanceof ArrayPlan ap) {
        if (t != JsonToken.START_ARRAY) {
          throw mismatch(p, t, out.type());
        }
        ArrayVector a = (ArrayVector) out;
        ColumnVector elements = a.elements();
        JsonToken et;
        while ((et = p.nextToken()) != JsonToken.END_ARRAY) {
          readValue(p, et, ap.element(), elements);
        }
        a.appendRowFromElements();
        return;
      }
      switch ((AtomicType) plan) {
        case STRING:
          readString(p, t, (BytesVector) out);
          return;
        case INT:
        case LONG:
          readIntegral(p, t, out);
          return;
        case DOUBLE:
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            ((DoubleVector) out).append(p.getDoubleValue());
          } else if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            double d = CastExpr.parseDouble(s);
            if (d != d && !CastExpr.isNaNText(s)) {
              out.appendNull();
            } else {
              ((DoubleVector) out).append(d);
            }
          } else {
            throw mismatch(p, t, out.type());
          }
          return;
        case BOOLEAN:
          if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            ((BooleanVector) out).append(t == JsonToken.VALUE_TRUE);
          } else if (t == JsonToken.VALUE_STRING) {
            int len = ascii(p);
            int b = len < 0 ? -1 : CastExpr.parseBoolean(scratch, 0, len);
            if (b < 0) {
              out.appendNull();
            } else {
              ((BooleanVector) out).append(b == 1);
            }
          } else {
            throw mismatch(p, t, out.type());
          }
          return;
        case TIMESTAMP:
          readTimestamp(p, t, (LongVector) out);
          return;
        case DATE:
          if (t != JsonToken.VALUE_STRING) {
            throw mismatch(p, t, out.type());
          }
          int len = ascii(p);
          int days = len < 0 ? DateTimeUtil.INVALID_DATE : DateTimeUtil.parseDate(scratch, 0, len);
          if (days == DateTimeUtil.INVALID_DATE) {
            out.appendNull();
          } else {
            ((IntVector) out).append(days);
          }
          return;
        case BINARY:
          if (t != JsonToken.VALUE_STRING) {
            throw mismatch(p, t, out.type());
          }
          ((BytesVector) out).append(p.getBinaryValue());
          return;
        default: // the null type
          p.skipChildren();
          out.appendNull();
      }
    }

    private void readString(JsonParser p, JsonToken t, BytesVector out) throws IOException {
      if (t == JsonToken.VALUE_STRING) {
        appendUtf8(out, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(json)) {
          g.copyCurrentStructure(p);
        }
        out.append(json.toByteArray());
      } else {
        out.appendString(p.getText()); // numbers and booleans keep their JSON text
      }
    }

    private void readIntegral(JsonParser p, JsonToken t, ColumnVector out) throws IOException {
      boolean isInt = out.type() == DataTypes.INT;
      if (t == JsonToken.VALUE_NUMBER_INT) {
        if (isInt) {
          ((IntVector) out).append(p.getIntValue());
        } else {
          ((LongVector) out).append(p.getLongValue());
        }
      } else if (t == JsonToken.VALUE_STRING) {
        int len = ascii(p);
        boolean ok = len >= 0 && CastExpr.parseLong(scratch, 0, len, parsedLong)
            && (!isInt || parsedLong[0] == (int) parsedLong[0]);
        if (!ok) {
          out.appendNull();
        } else if (isInt) {
          ((IntVector) out).append((int) parsedLong[0]);
        } else {
          ((LongVector) out).append(parsedLong[0]);
        }
      } else {
        throw mismatch(p, t, out.type());
      }
    }

    private void readTimestamp(JsonParser p, JsonToken t, LongVector out) throws IOException {
      long micros;
      if (t == JsonToken.VALUE_STRING) {
        if (timestampFormat != null) {
          micros = ToTimestampExpr.parse(timestampFormat, p.getText());
        } else {
          int len = ascii(p);
          micros = len < 0 ? DateTimeUtil.INVALID_TIMESTAMP
              : DateTimeUtil.parseTimestamp(scratch, 0, len);
        }
      } else if (t == JsonToken.VALUE_NUMBER_INT) {
        micros = p.getLongValue() * DateTimeUtil.MICROS_PER_SECOND; // epoch seconds, as Spark
      } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        micros = (long) (p.getDoubleValue() * DateTimeUtil.MICROS_PER_SECOND);
      } else {
        throw mismatch(p, t, out.type());
      }
      if (micros == DateTimeUtil.INVALID_TIMESTAMP) {
        out.appendNull();
      } else {
        out.append(micros);
      }
    }

    /** Copies the current string token into {@link #scratch}; -1 if it is not ASCII. */
    private int ascii(JsonParser p) throws IOException {
      char[] cs = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      if (scratch.length < len) {
        scratch = new byte[Math.max(len, scratch.length * 2)];
      }
      for (int k = 0; k < len; k++) {
        char c = cs[off + k];
        if (c > 0x7F) {
          return -1;
        }
        scratch[k] = (byte) c;
      }
      return len;
    }

    private Malformed mismatch(JsonParser p, JsonToken t, DataType expected) throws IOException {
      String field = p.getParsingContext().getParent() == null ? null : p.currentName();
      return new Malformed((field == null ? "" : "field '" + field + "': ") + "expected "
          + expected.simpleString() + ", got " + describe(t));
    }
  }

  /**
   * Encodes UTF-16 chars as UTF-8 straight into a bytes vector (unpaired surrogates become '?').
   */
  static void appendUtf8(BytesVector out, char[] cs, int off, int len) {
    byte[] d = out.reserve(len * 3);
    int start = out.dataEnd();
    int pos = start;
    int end = off + len;
    for (int k = off; k < end; k++) {
      char c = cs[k];
      if (c < 0x80) {
        d[pos++] = (byte) c;
      } else if (c < 0x800) {
        d[pos++] = (byte) (0xC0 | (c >> 6));
        d[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && k + 1 < end
          && Character.isLowSurrogate(cs[k + 1])) {
        int cp = Character.toCodePoint(c, cs[++k]);
        d[pos++] = (byte) (0xF0 | (cp >> 18));
        d[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        d[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        d[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        d[pos++] = '?';
      } else {
        d[pos++] = (byte) (0xE0 | (c >> 12));
        d[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        d[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out.commitAppend(pos - start);
  }

  /**
   * Brings vectors that a malformed record left half-written back into line. Vectors cannot be
   * truncated, so values already appended for the record are nulled, pending array elements are
   * swept into a null array row, and half-built structs are completed as null.
   */
  static final class Repair {
    private Repair() {}

    /**
     * Makes {@code c} hold exactly {@code row + 1} values with value {@code row} null.
     *
     * @param c a field vector of the record's struct
     * @param row the record's row in that struct
     */
    static void toNull(ColumnVector c, int row) {
      if (c instanceof StructVector s) {
        if (s.size() == row) {
          for (int f = 0; f < s.structType().size(); f++) {
            toNull(s.child(f), row);
          }
          s.appendRowFromChildren();
        }
        Vectors.setNullDeep(s, row);
      } else if (c instanceof ArrayVector a) {
        sweep(a.elements());
        if (a.size() == row) {
          a.appendNull(); // takes any pending elements into the null row
        } else {
          a.setNull(row);
        }
      } else if (c.size() == row) {
        c.appendNull();
      } else {
        c.setNull(row);
      }
    }

    /** Completes a half-written last element of an array's element vector as null. */
    private static void sweep(ColumnVector elements) {
      if (elements instanceof StructVector s) {
        int k = s.size();
        boolean partial = false;
        for (int f = 0; f < s.structType().size(); f++) {
          partial |= s.child(f).size() > k;
        }
        if (partial) {
          toNull(s, k);
        }
      } else if (elements instanceof ArrayVector a) {
        sweep(a.elements());
        if (a.elements().size() > a.offset(a.size())) {
          a.appendNull();
        }
      }
    }
  }
}
