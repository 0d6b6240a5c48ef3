package io.sluice.engine.internal.stateful;

import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.Timestamps;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.state.FieldType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Maps values of our types to the state store's field types: timestamps as microseconds (LONG),
 * dates as days (INT), binary as BYTES, and nested values (structs, arrays) as BYTES holding a
 * one-row column batch in a compact encoding.
 */
public final class StateValues {
  private StateValues() {}

  /**
   * The state field type for a column type.
   *
   * @param t the column type
   * @return the field type
   */
  public static FieldType fieldType(DataType t) {
    if (t == DataTypes.BOOLEAN) {
      return FieldType.BOOLEAN;
    } else if (t == DataTypes.INT || t == DataTypes.DATE) {
      return FieldType.INT;
    } else if (t == DataTypes.LONG || t == DataTypes.TIMESTAMP) {
      return FieldType.LONG;
    } else if (t == DataTypes.DOUBLE) {
      return FieldType.DOUBLE;
    } else if (t == DataTypes.STRING) {
      return FieldType.STRING;
    }
    return FieldType.BYTES;
  }

  /**
   * Converts a value (Java representation of {@code t}) to its state representation.
   *
   * @param v the value or null
   * @param t its type
   * @return the state value
   */
  public static Object toState(Object v, DataType t) {
    if (v == null) {
      return null;
    }
    if (t == DataTypes.TIMESTAMP) {
      return v instanceof Instant i ? Timestamps.toMicros(i) : v;
    } else if (t == DataTypes.DATE) {
      return v instanceof LocalDate d ? (int) d.toEpochDay() : v;
    } else if (t == DataTypes.BINARY || fieldType(t) != FieldType.BYTES) {
      return v;
    }
    return encodeNested(v, t);
  }

  /**
   * Converts a state value back to the Java representation of {@code t}.
   *
   * @param v the state value or null
   * @param t the type
   * @return the value
   */
  public static Object fromState(Object v, DataType t) {
    if (v == null) {
      return null;
    }
    if (t == DataTypes.TIMESTAMP) {
      return Timestamps.fromMicros((Long) v);
    } else if (t == DataTypes.DATE) {
      return LocalDate.ofEpochDay((Integer) v);
    } else if (t == DataTypes.BINARY || fieldType(t) != FieldType.BYTES) {
      return v;
    }
    return decodeNested((byte[]) v, t);
  }

  private static byte[] encodeNested(Object v, DataType t) {
    ColumnVector vec = ColumnVector.allocate(t, 1);
    vec.appendObject(v);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeValue(out, vec.getObject(0), t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeValue(DataOutputStream out, Object v, DataType t) throws IOException {
    out.writeBoolean(v != null);
    if (v == null) {
      return;
    }
    if (t instanceof StructType st) {
      io.sluice.api.Row r = (io.sluice.api.Row) v;
      for (int i = 0; i < st.size(); i++) {
        writeValue(out, r.get(i), st.field(i).type());
      }
    } else if (t instanceof io.sluice.api.types.ArrayType at) {
      java.util.List<?> l = (java.util.List<?>) v;
      out.writeInt(l.size());
      for (Object e : l) {
        writeValue(out, e, at.elementType());
      }
    } else if (t == DataTypes.BOOLEAN) {
      out.writeBoolean((Boolean) v);
    } else if (t == DataTypes.INT) {
      out.writeInt((Integer) v);
    } else if (t == DataTypes.DATE) {
      out.writeInt((int) ((LocalDate) v).toEpochDay());
    } else if (t == DataTypes.LONG) {
      out.writeLong((Long) v);
    } else if (t == DataTypes.TIMESTAMP) {
      out.writeLong(Timestamps.toMicros((Instant) v));
    } else if (t == DataTypes.DOUBLE) {
      out.writeDouble((Double) v);
    } else {
      byte[] b = v instanceof byte[] bb ? bb : v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static Object decodeNested(byte[] bytes, DataType t) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return readValue(in, t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object readValue(DataInputStream in, DataType t) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    if (t instanceof StructType st) {
      Object[] values = new Object[st.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = readValue(in, st.field(i).type());
      }
      return io.sluice.api.Row.withSchema(st, values);
    } else if (t instanceof io.sluice.api.types.ArrayType at) {
      int n = in.readInt();
      java.util.List<Object> l = new java.util.ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        l.add(readValue(in, at.elementType()));
      }
      return l;
    } else if (t == DataTypes.BOOLEAN) {
      return in.readBoolean();
    } else if (t == DataTypes.INT) {
      return in.readInt();
    } else if (t == DataTypes.DATE) {
      return LocalDate.ofEpochDay(in.readInt());
    } else if (t == DataTypes.LONG) {
      return in.readLong();
    } else if (t == DataTypes.TIMESTAMP) {
      return Timestamps.fromMicros(in.readLong());
    } else if (t == DataTypes.DOUBLE) {
      return in.readDouble();
    }
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return t == DataTypes.STRING ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : b;
  }

  /**
   * Keeps the rows at the given positions of every batch (empty batches dropped).
   *
   * @param batch the batch
   * @param positions the rows
   * @param count how many positions
   * @return the selected rows, or the batch itself if all rows are kept
   */
  public static ColumnBatch keep(ColumnBatch batch, int[] positions, int count) {
    return count == batch.numRows() ? batch : batch.select(positions, count);
  }
}
