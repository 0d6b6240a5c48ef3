package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Converts schemas between Sluice and Iceberg, and checks a query's schema against a table's. */
public final class Schemas {
  private Schemas() {}

  /**
   * Converts a query schema to an Iceberg schema with fresh field ids. Timestamps become
   * {@code timestamptz} (Sluice timestamps are instants in UTC).
   *
   * @param schema the query schema
   * @return the Iceberg schema
   * @throws AnalysisException for a type Iceberg cannot store (the null type)
   */
  public static Schema toIceberg(StructType schema) {
    AtomicInteger ids = new AtomicInteger(0);
    return new Schema(toFields(schema, ids, ""));
  }

  private static List<Types.NestedField> toFields(StructType st, AtomicInteger ids, String path) {
    List<Types.NestedField> out = new ArrayList<>();
    for (StructField f : st.fields()) {
      int id = ids.incrementAndGet();
      Type t = toIceberg(f.type(), ids, path + f.name());
      out.add(f.nullable() ? Types.NestedField.optional(id, f.name(), t) : Types.NestedField.required(id, f.name(), t));
    }
    return out;
  }

  /**
   * Converts one type.
   *
   * @param type the Sluice type
   * @param ids the id counter for nested fields
   * @param path the column path, for messages
   * @return the Iceberg type
   */
  static Type toIceberg(DataType type, AtomicInteger ids, String path) {
    if (type instanceof StructType st) {
      return Types.StructType.of(toFields(st, ids, path + "."));
    }
    if (type instanceof ArrayType at) {
      int elementId = ids.incrementAndGet();
      Type element = toIceberg(at.elementType(), ids, path + ".element");
      return at.containsNull() ? Types.ListType.ofOptional(elementId, element)
          : Types.ListType.ofRequired(elementId, element);
    }
    switch ((AtomicType) type) {
      case BOOLEAN: return Types.BooleanType.get();
      case INT: return Types.IntegerType.get();
      case LONG: return Types.LongType.get();
      case DOUBLE: return Types.DoubleType.get();
      case STRING: return Types.StringType.get();
      case BINARY: return Types.BinaryType.get();
      case TIMESTAMP: return Types.TimestampType.withZone();
      case DATE: return Types.DateType.get();
      default:
        throw new AnalysisException("Column '" + path + "' has type " + type.simpleString()
            + ", which an Iceberg table cannot store: cast it to a concrete type");
    }
  }

  /**
   * Converts a table schema to a Sluice schema. {@code float} reads as double, {@code timestamp}
   * (without zone) as a UTC timestamp, {@code uuid} as string, {@code fixed} as binary,
   * {@code decimal} as double (lossy); maps and other types fail.
   *
   * @param schema the table schema
   * @param table the table name, for messages
   * @return the Sluice schema
   * @throws AnalysisException naming a column whose type cannot be read
   */
  public static StructType toSluice(Schema schema, String table) {
    return toSluice(schema.asStruct(), table, "");
  }

  private static StructType toSluice(Types.StructType st, String table, String path) {
    List<StructField> out = new ArrayList<>();
    for (Types.NestedField f : st.fields()) {
      out.add(new StructField(f.name(), toSluice(f.type(), table, path + f.name()), f.isOptional()));
    }
    return new StructType(out);
  }

  private static DataType toSluice(Type type, String table, String path) {
    switch (type.typeId()) {
      case BOOLEAN: return DataTypes.BOOLEAN;
      case INTEGER: return DataTypes.INT;
      case LONG: return DataTypes.LONG;
      case FLOAT:
      case DOUBLE:
      case DECIMAL:
        return DataTypes.DOUBLE;
      case STRING:
      case UUID:
        return DataTypes.STRING;
      case BINARY:
      case FIXED:
        return DataTypes.BINARY;
      case TIMESTAMP: return DataTypes.TIMESTAMP;
      case DATE: return DataTypes.DATE;
      case STRUCT: return toSluice(type.asStructType(), table, path + ".");
      case LIST: {
        Types.ListType lt = type.asListType();
        return new ArrayType(toSluice(lt.elementType(), table, path + ".element"), lt.isElementOptional());
      }
      default:
        throw new AnalysisException("Column '" + path + "' of " + table + " has Iceberg type " + type
            + ", which Sluice cannot read yet; select other columns with a batch read or change the table");
    }
  }

  /**
   * Finds a table field for a query field: the exact name first, then case-insensitively.
   *
   * @param struct the table struct
   * @param name the query field name
   * @return the field, or null
   */
  static Types.NestedField findField(Types.StructType struct, String name) {
    Types.NestedField f = struct.field(name);
    if (f != null) {
      return f;
    }
    for (Types.NestedField c : struct.fields()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    return null;
  }
}
