package io.sluice.engine.internal.join;

import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.engine.internal.stateful.StateValues;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Encodes one row of a batch as bytes (a null flag per column, then the value: fixed width for
 * numbers, length-prefixed for strings and binary, {@link StateValues}' encoding for nested
 * values) and decodes it straight back into column vectors. Used for the rows a stream-stream join
 * buffers in state. One instance per task: not thread-safe.
 */
final class RowCodec {
  private final StructType schema;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
  private final DataOutputStream out = new DataOutputStream(bytes);

  RowCodec(StructType schema) {
    this.schema = schema;
  }

  byte[] encode(ColumnBatch batch, int row) {
    bytes.reset();
    try {
      for (int c = 0; c < schema.size(); c++) {
        ColumnVector v = batch.column(c);
        if (v.isNull(row)) {
          out.writeByte(0);
          continue;
        }
        out.writeByte(1);
        DataType t = schema.field(c).type();
        if (v instanceof LongVector l) {
          out.writeLong(l.get(row));
        } else if (v instanceof IntVector i) {
          out.writeInt(i.get(row));
        } else if (v instanceof DoubleVector d) {
          out.writeDouble(d.get(row));
        } else if (v instanceof BooleanVector b) {
          out.writeBoolean(b.get(row));
        } else if (v instanceof BytesVector s) {
          out.writeInt(s.length(row));
          out.write(s.data(), s.offset(row), s.length(row));
        } else {
          byte[] nested = (byte[]) StateValues.toState(v.getObject(row), t);
          out.writeInt(nested.length);
          out.write(nested);
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  void decodeInto(byte[] encoded, ColumnVector[] cols) {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    for (int c = 0; c < cols.length; c++) {
      ColumnVector v = cols[c];
      if (in.get() == 0) {
        v.appendNull();
        continue;
      }
      DataType t = schema.field(c).type();
      if (v instanceof LongVector l) {
        l.append(in.getLong());
      } else if (v instanceof IntVector i) {
        i.append(in.getInt());
      } else if (v instanceof DoubleVector d) {
        d.append(in.getDouble());
      } else if (v instanceof BooleanVector b) {
        b.append(in.get() != 0);
      } else if (v instanceof BytesVector s) {
        int len = in.getInt();
        s.append(encoded, in.position(), len);
        in.position(in.position() + len);
      } else {
        byte[] nested = new byte[in.getInt()];
        in.get(nested);
        v.appendObject(t == DataTypes.NULL ? null : StateValues.fromState(nested, t));
      }
    }
  }
}
