package io.sluice.kafka.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Maps Avro schemas to Sluice types and back.
 *
 * <p>Avro → Sluice: record → struct; array → array; map → {@code array<struct<key:string,value>>}
 * (Sluice has no map type); a union of null and one type → that type, nullable; any other union →
 * a struct with one nullable field per non-null branch ({@code member0}, {@code member1}, ...), only
 * the chosen one set; enum → string; bytes and fixed → binary; int → int; long → bigint;
 * float and double → double; logical types {@code timestamp-millis}, {@code timestamp-micros},
 * {@code local-timestamp-*} → timestamp, {@code date} → date, {@code decimal} → double (may round:
 * Sluice has no decimal type). Recursive records are rejected.
 *
 * <p>Sluice → Avro (for {@code to_avro} without a schema): struct → record named
 * {@code topLevelRecord} (nested records named after their field), nullable → union with null,
 * timestamp → long {@code timestamp-micros}, date → int {@code date}, binary → bytes,
 * {@code array<struct<key:string,value>>} stays an array of records.
 */
final class AvroTypes {
  private AvroTypes() {}

  static DataType toSluice(Schema schema) {
    return toSluice(schema, new HashSet<>());
  }

  private static DataType toSluice(Schema s, Set<String> seen) {
    LogicalType lt = s.getLogicalType();
    switch (s.getType()) {
      case RECORD: {
        if (!seen.add(s.getFullName())) {
          throw new AnalysisException("Recursive Avro record " + s.getFullName() + " cannot be mapped to a struct");
        }
        List<StructField> fields = new ArrayList<>();
        for (Schema.Field f : s.getFields()) {
          fields.add(DataTypes.field(f.name(), toSluice(f.schema(), seen), nullable(f.schema())));
        }
        seen.remove(s.getFullName());
        return DataTypes.struct(fields);
      }
      case ARRAY:
        return new ArrayType(toSluice(s.getElementType(), seen), nullable(s.getElementType()));
      case MAP:
        return new ArrayType(DataTypes.struct(DataTypes.field("key", DataTypes.STRING, false),
            DataTypes.field("value", toSluice(s.getValueType(), seen), nullable(s.getValueType()))), false);
      case UNION: {
        List<Schema> branches = nonNull(s);
        if (branches.isEmpty()) {
          return DataTypes.NULL;
        } else if (branches.size() == 1) {
          return toSluice(branches.get(0), seen);
        }
        List<StructField> members = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
          members.add(DataTypes.field("member" + i, toSluice(branches.get(i), seen), true));
        }
        return DataTypes.struct(members);
      }
      case ENUM:
      case STRING:
        return DataTypes.STRING;
      case BYTES:
      case FIXED:
        return lt instanceof LogicalTypes.Decimal ? DataTypes.DOUBLE : DataTypes.BINARY;
      case INT:
        return lt instanceof LogicalTypes.Date ? DataTypes.DATE : DataTypes.INT;
      case LONG:
        return isTimestamp(lt) ? DataTypes.TIMESTAMP : DataTypes.LONG;
      case FLOAT:
      case DOUBLE:
        return DataTypes.DOUBLE;
      case BOOLEAN:
        return DataTypes.BOOLEAN;
      case NULL:
        return DataTypes.NULL;
      default:
        throw new AnalysisException("Unsupported Avro type " + s);
    }
  }

  static boolean isTimestamp(LogicalType lt) {
    return lt instanceof LogicalTypes.TimestampMillis || lt instanceof LogicalTypes.TimestampMicros
        || lt instanceof LogicalTypes.LocalTimestampMillis || lt instanceof LogicalTypes.LocalTimestampMicros;
  }

  static boolean isMillis(LogicalType lt) {
    return lt instanceof LogicalTypes.TimestampMillis || lt instanceof LogicalTypes.LocalTimestampMillis;
  }

  static boolean nullable(Schema s) {
    if (s.getType() == Schema.Type.NULL) {
      return true;
    }
    return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(b -> b.getType() == Schema.Type.NULL);
  }

  static List<Schema> nonNull(Schema union) {
    return union.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
  }

  /** The Avro schema {@code to_avro} writes a type with when no schema is given. */
  static Schema toAvro(DataType type, boolean nullable, String name, String namespace) {
    Schema s;
    if (type instanceof StructType st) {
      List<Schema.Field> fields = new ArrayList<>();
      String childNs = namespace == null ? name : namespace + "." + name;
      for (StructField f : st.fields()) {
        fields.add(new Schema.Field(f.name(), toAvro(f.type(), f.nullable(), f.name(), childNs), null, (Object) null));
      }
      s = Schema.createRecord(name, null, namespace, false, fields);
    } else if (type instanceof ArrayType at) {
      s = Schema.createArray(toAvro(at.elementType(), at.containsNull(), name + "_element", namespace));
    } else {
      switch ((AtomicType) type) {
        case BOOLEAN: s = Schema.create(Schema.Type.BOOLEAN); break;
        case INT: s = Schema.create(Schema.Type.INT); break;
        case DATE: s = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT)); break;
        case LONG: s = Schema.create(Schema.Type.LONG); break;
        case TIMESTAMP: s = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)); break;
        case DOUBLE: s = Schema.create(Schema.Type.DOUBLE); break;
        case STRING: s = Schema.create(Schema.Type.STRING); break;
        case BINARY: s = Schema.create(Schema.Type.BYTES); break;
        case NULL: return Schema.create(Schema.Type.NULL);
        default: throw new AnalysisException("to_avro cannot write type " + type.simpleString());
      }
    }
    return nullable ? Schema.createUnion(s, Schema.create(Schema.Type.NULL)) : s;
  }
}
