package io.sluice.kafka.internal;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.util.Utf8;

/**
 * Decodes Avro binary straight into column vectors, walking a tree of readers compiled once from
 * the reader schema (types as in {@link AvroTypes}). Values come through a {@link ResolvingDecoder},
 * so a writer schema that differs from the reader schema (added, removed or reordered fields,
 * promotions) is resolved by Avro's rules. No record objects are built.
 */
final class AvroVectorReader {
  /** Reads one value of its schema and appends it to a vector. */
  interface Node {
    void read(ResolvingDecoder in, ColumnVector out, Scratch scratch) throws IOException;
  }

  /** Reused buffers of one decoding thread. */
  static final class Scratch {
    Utf8 utf8 = new Utf8();
    ByteBuffer bytes;
  }

  private AvroVectorReader() {}

  static Node compile(Schema s) {
    LogicalType lt = s.getLogicalType();
    switch (s.getType()) {
      case RECORD: {
        List<Schema.Field> fields = s.getFields();
        Node[] children = new Node[fields.size()];
        for (Schema.Field f : fields) {
          children[f.pos()] = compile(f.schema());
        }
        return (in, out, sc) -> {
          StructVector v = (StructVector) out;
          for (Schema.Field f : in.readFieldOrder()) {
            children[f.pos()].read(in, v.child(f.pos()), sc);
          }
          v.appendRowFromChildren();
        };
      }
      case ARRAY: {
        Node element = compile(s.getElementType());
        return (in, out, sc) -> {
          ArrayVector v = (ArrayVector) out;
          for (long n = in.readArrayStart(); n > 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
              element.read(in, v.elements(), sc);
            }
          }
          v.appendRowFromElements();
        };
      }
      case MAP: {
        Node value = compile(s.getValueType());
        return (in, out, sc) -> {
          ArrayVector v = (ArrayVector) out;
          StructVector entry = (StructVector) v.elements();
          for (long n = in.readMapStart(); n > 0; n = in.mapNext()) {
            for (long i = 0; i < n; i++) {
              Utf8 k = in.readString(sc.utf8);
              ((BytesVector) entry.child(0)).append(k.getBytes(), 0, k.getByteLength());
              value.read(in, entry.child(1), sc);
              entry.appendRowFromChildren();
            }
          }
          v.appendRowFromElements();
        };
      }
      case UNION:
        return union(s);
      case ENUM: {
        byte[][] symbols = s.getEnumSymbols().stream().map(x -> x.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        return (in, out, sc) -> ((BytesVector) out).append(symbols[in.readEnum()]);
      }
      case STRING:
        return (in, out, sc) -> {
          Utf8 u = in.readString(sc.utf8);
          ((BytesVector) out).append(u.getBytes(), 0, u.getByteLength());
        };
      case BYTES:
        if (lt instanceof LogicalTypes.Decimal d) {
          int scale = d.getScale();
          return (in, out, sc) -> {
            ByteBuffer b = in.readBytes(null);
            byte[] raw = new byte[b.remaining()];
            b.get(raw);
            ((DoubleVector) out).append(new BigDecimal(new BigInteger(raw), scale).doubleValue());
          };
        }
        return (in, out, sc) -> {
          ByteBuffer b = in.readBytes(sc.bytes);
          sc.bytes = b;
          ((BytesVector) out).append(b.array(), b.arrayOffset() + b.position(), b.remaining());
        };
      case FIXED: {
        int size = s.getFixedSize();
        int scale = lt instanceof LogicalTypes.Decimal d ? d.getScale() : -1;
        return (in, out, sc) -> {
          byte[] raw = new byte[size];
          in.readFixed(raw);
          if (scale >= 0) {
            ((DoubleVector) out).append(new BigDecimal(new BigInteger(raw), scale).doubleValue());
          } else {
            ((BytesVector) out).append(raw);
          }
        };
      }
      case INT:
        return (in, out, sc) -> ((IntVector) out).append(in.readInt());
      case LONG:
        if (AvroTypes.isMillis(lt)) {
          return (in, out, sc) -> ((LongVector) out).append(Math.multiplyExact(in.readLong(), 1000L));
        }
        return (in, out, sc) -> ((LongVector) out).append(in.readLong());
      case FLOAT:
        return (in, out, sc) -> ((DoubleVector) out).append(in.readFloat());
      case DOUBLE:
        return (in, out, sc) -> ((DoubleVector) out).append(in.readDouble());
      case BOOLEAN:
        return (in, out, sc) -> ((BooleanVector) out).append(in.readBoolean());
      case NULL:
        return (in, out, sc) -> {
          in.readNull();
          out.appendNull();
        };
      default:
        throw new IllegalArgumentException("Unsupported Avro type " + s);
    }
  }

  private static Node union(Schema s) {
    List<Schema> branches = s.getTypes();
    List<Schema> nonNull = AvroTypes.nonNull(s);
    Node[] nodes = new Node[branches.size()];
    int[] member = new int[branches.size()];
    int m = 0;
    for (int i = 0; i < branches.size(); i++) {
      Schema b = branches.get(i);
      nodes[i] = compile(b);
      member[i] = b.getType() == Schema.Type.NULL ? -1 : m++;
    }
    if (nonNull.size() <= 1) {
      // [null, X]: X's value or a null.
      return (in, out, sc) -> nodes[in.readIndex()].read(in, out, sc);
    }
    return (in, out, sc) -> {
      int idx = in.readIndex();
      if (member[idx] < 0) {
        in.readNull();
        out.appendNull();
        return;
      }
      StructVector v = (StructVector) out;
      for (int i = 0; i < branches.size(); i++) {
        if (member[i] < 0) {
          continue;
        }
        if (i == idx) {
          nodes[i].read(in, v.child(member[i]), sc);
        } else {
          v.child(member[i]).appendNull();
        }
      }
      v.appendRowFromChildren();
    };
  }
}
