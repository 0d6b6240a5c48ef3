package io.sluice.engine.internal.expr;

import com.fasterxml.jackson.core.JsonGenerator;
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
import java.util.List;

/**
 * {@code to_json(value)}: a struct as a JSON object (null fields omitted, as Spark), an array as a
 * JSON array, a scalar as its JSON value; timestamps as {@code 2024-01-01T10:00:00.000Z}, dates as
 * {@code yyyy-MM-dd}, binaries in base64. One generator serves the whole batch.
 */
final class ToJsonExpr extends BaseExpr {
  private final BoundExpr child;

  ToJsonExpr(BoundExpr child, String name, String sql) {
    super(DataTypes.STRING, child.nullable(), name, sql, List.of(child));
    this.child = child;
  }

  @Override
  public ColumnVector eval(ColumnBatch input, EvalContext ctx) {
    ColumnVector v = child.eval(input, ctx);
    int n = input.numRows();
    BytesVector out = new BytesVector(DataTypes.STRING, n);
    Buffer buf = new Buffer();
    StringBuilder scratch = new StringBuilder(32);
    try (JsonGenerator g = FromJsonExpr.FACTORY.createGenerator(buf)) {
      g.setRootValueSeparator(null);
      for (int i = 0; i < n; i++) {
        if (v.isNull(i)) {
          out.appendNull();
          continue;
        }
        write(g, v, i, scratch);
        g.flush();
        out.append(buf.bytes(), 0, buf.size());
        buf.reset();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown when writing to memory
    }
    return out;
  }

  private static void write(JsonGenerator g, ColumnVector v, int i, StringBuilder scratch)
      throws IOException {
    if (v.isNull(i)) {
      g.writeNull();
      return;
    }
    DataType t = v.type();
    if (t instanceof StructType st) {
      StructVector s = (StructVector) v;
      g.writeStartObject();
      for (int f = 0; f < st.size(); f++) {
        ColumnVector c = s.child(f);
        if (!c.isNull(i)) {
          g.writeFieldName(st.field(f).name());
          write(g, c, i, scratch);
        }
      }
      g.writeEndObject();
      return;
    }
    if (t instanceof ArrayType) {
      ArrayVector a = (ArrayVector) v;
      g.writeStartArray();
      for (int k = a.offset(i); k < a.offset(i + 1); k++) {
        write(g, a.elements(), k, scratch);
      }
      g.writeEndArray();
      return;
    }
    switch ((AtomicType) t) {
      case BOOLEAN:
        g.writeBoolean(((BooleanVector) v).get(i));
        break;
      case INT:
        g.writeNumber(((IntVector) v).get(i));
        break;
      case LONG:
        g.writeNumber(((LongVector) v).get(i));
        break;
      case DOUBLE:
        g.writeNumber(((DoubleVector) v).get(i));
        break;
      case STRING: {
        BytesVector b = (BytesVector) v;
        g.writeUTF8String(b.data(), b.offset(i), b.length(i));
        break;
      }
      case BINARY: {
        BytesVector b = (BytesVector) v;
        g.writeBinary(b.data(), b.offset(i), b.length(i));
        break;
      }
      case TIMESTAMP:
        scratch.setLength(0);
        DateTimeUtil.appendIsoMillis(scratch, ((LongVector) v).get(i));
        g.writeString(scratch.toString());
        break;
      case DATE:
        scratch.setLength(0);
        DateTimeUtil.appendDate(scratch, ((IntVector) v).get(i));
        g.writeString(scratch.toString());
        break;
      default:
        g.writeNull();
    }
  }

  /** A byte buffer whose content can be read without copying. */
  private static final class Buffer extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }
}
