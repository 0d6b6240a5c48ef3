package io.sluice.kafka.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * Encodes values of a column vector as Avro binary with a given schema, walking a tree of writers
 * compiled once from (Sluice type, Avro schema) pairs: struct fields are matched to record fields by
 * name, a nullable value to a union with null, {@code array<struct<key,value>>} to a map. A pair
 * that cannot match fails at analysis with the path of the mismatch.
 */
final class AvroVectorWriter {
  /** Writes value {@code row} of a vector. */
  interface Node {
    void write(ColumnVector v, int row, Encoder out) throws IOException;
  }

  private AvroVectorWriter() {}

  static Node compile(DataType type, Schema s, String path) {
    if (s.getType() == Schema.Type.UNION) {
      List<Schema> branches = s.getTypes();
      int nullIndex = -1;
      int valueIndex = -1;
      for (int i = 0; i < branches.size(); i++) {
        if (branches.get(i).getType() == Schema.Type.NULL) {
          nullIndex = i;
        } else if (valueIndex < 0) {
          valueIndex = i;
        }
      }
      if (valueIndex < 0) {
        int ni = nullIndex;
        return (v, row, out) -> {
          out.writeIndex(ni);
          out.writeNull();
        };
      }
      Node value = compile(type, branches.get(valueIndex), path);
      int ni = nullIndex;
      int vi = valueIndex;
      return (v, row, out) -> {
        if (v.isNull(row)) {
          if (ni < 0) {
            throw new IllegalStateException("null at " + path + " but the Avro schema has no null branch");
          }
          out.writeIndex(ni);
          out.writeNull();
        } else {
          out.writeIndex(vi);
          value.write(v, row, out);
        }
      };
    }
    Node n = nonNull(type, s, path);
    return (v, row, out) -> {
      if (v.isNull(row)) {
        throw new IllegalStateException("null at " + path + " but its Avro schema " + s + " is not nullable");
      }
      n.write(v, row, out);
    };
  }

  private static Node nonNull(DataType type, Schema s, String path) {
    switch (s.getType()) {
      case RECORD: {
        if (!(type instanceof StructType st)) {
          throw mismatch(type, s, path);
        }
        List<Schema.Field> fields = s.getFields();
        int[] index = new int[fields.size()];
        Node[] nodes = new Node[fields.size()];
        for (Schema.Field f : fields) {
          int i = st.indexOf(f.name());
          if (i < 0) {
            throw new AnalysisException("to_avro: Avro field " + path + "." + f.name() + " has no struct field; "
                + "the struct has " + st.fieldNames());
          }
          index[f.pos()] = i;
          nodes[f.pos()] = compile(st.field(i).type(), f.schema(), path + "." + f.name());
        }
        return (v, row, out) -> {
          StructVector sv = (StructVector) v;
          for (int f = 0; f < nodes.length; f++) {
            nodes[f].write(sv.child(index[f]), row, out);
          }
        };
      }
      case ARRAY: {
        if (!(type instanceof ArrayType at)) {
          throw mismatch(type, s, path);
        }
        Node element = compile(at.elementType(), s.getElementType(), path + "[]");
        return (v, row, out) -> {
          ArrayVector av = (ArrayVector) v;
          int n = av.length(row);
          out.writeArrayStart();
          out.setItemCount(n);
          for (int k = av.offset(row); k < av.offset(row) + n; k++) {
            out.startItem();
            element.write(av.elements(), k, out);
          }
          out.writeArrayEnd();
        };
      }
      case MAP: {
        if (!(type instanceof ArrayType at) || !(at.elementType() instanceof StructType entry)
            || entry.size() != 2 || entry.field(0).type() != AtomicType.STRING) {
          throw new AnalysisException("to_avro: an Avro map at " + path + " needs array<struct<key:string,value>>, not "
              + type.simpleString());
        }
        Node value = compile(entry.field(1).type(), s.getValueType(), path + "{}");
        return (v, row, out) -> {
          ArrayVector av = (ArrayVector) v;
          StructVector e = (StructVector) av.elements();
          int n = av.length(row);
          out.writeMapStart();
          out.setItemCount(n);
          for (int k = av.offset(row); k < av.offset(row) + n; k++) {
            out.startItem();
            BytesVector key = (BytesVector) e.child(0);
            out.writeString(key.getString(k));
            value.write(e.child(1), k, out);
          }
          out.writeMapEnd();
        };
      }
      case ENUM: {
        expect(type, AtomicType.STRING, s, path);
        Map<String, Integer> symbols = new HashMap<>();
        for (String sym : s.getEnumSymbols()) {
          symbols.put(sym, s.getEnumOrdinal(sym));
        }
        return (v, row, out) -> {
          String sym = ((BytesVector) v).getString(row);
          Integer i = symbols.get(sym);
          if (i == null) {
            throw new IllegalStateException("'" + sym + "' at " + path + " is not a symbol of " + s.getFullName());
          }
          out.writeEnum(i);
        };
      }
      case STRING:
        expect(type, AtomicType.STRING, s, path);
        return (v, row, out) -> {
          BytesVector b = (BytesVector) v;
          out.writeString(new org.apache.avro.util.Utf8(b.getBytes(row)));
        };
      case BYTES:
        if (type != AtomicType.BINARY && type != AtomicType.STRING) {
          throw mismatch(type, s, path);
        }
        return (v, row, out) -> {
          BytesVector b = (BytesVector) v;
          out.writeBytes(b.data(), b.offset(row), b.length(row));
        };
      case FIXED: {
        expect(type, AtomicType.BINARY, s, path);
        int size = s.getFixedSize();
        return (v, row, out) -> {
          BytesVector b = (BytesVector) v;
          if (b.length(row) != size) {
            throw new IllegalStateException("value at " + path + " has " + b.length(row) + " bytes; fixed "
                + s.getFullName() + " needs " + size);
          }
          out.writeFixed(b.data(), b.offset(row), size);
        };
      }
      case INT:
        if (type != AtomicType.INT && type != AtomicType.DATE) {
          throw mismatch(type, s, path);
        }
        return (v, row, out) -> out.writeInt(((IntVector) v).get(row));
      case LONG:
        if (type == AtomicType.TIMESTAMP && AvroTypes.isMillis(s.getLogicalType())) {
          return (v, row, out) -> out.writeLong(Math.floorDiv(((LongVector) v).get(row), 1000L));
        }
        if (type == AtomicType.INT) {
          return (v, row, out) -> out.writeLong(((IntVector) v).get(row));
        }
        if (type != AtomicType.LONG && type != AtomicType.TIMESTAMP) {
          throw mismatch(type, s, path);
        }
        return (v, row, out) -> out.writeLong(((LongVector) v).get(row));
      case FLOAT:
        expect(type, AtomicType.DOUBLE, s, path);
        return (v, row, out) -> out.writeFloat((float) ((DoubleVector) v).get(row));
      case DOUBLE:
        expect(type, AtomicType.DOUBLE, s, path);
        return (v, row, out) -> out.writeDouble(((DoubleVector) v).get(row));
      case BOOLEAN:
        expect(type, AtomicType.BOOLEAN, s, path);
        return (v, row, out) -> out.writeBoolean(((BooleanVector) v).get(row));
      case NULL:
        return (v, row, out) -> out.writeNull();
      default:
        throw mismatch(type, s, path);
    }
  }

  private static void expect(DataType type, AtomicType expected, Schema s, String path) {
    if (type != expected) {
      throw mismatch(type, s, path);
    }
  }

  private static AnalysisException mismatch(DataType type, Schema s, String path) {
    return new AnalysisException("to_avro: cannot write " + type.simpleString() + " at " + path + " as Avro "
        + s.getType().getName() + " (" + s + ")");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
