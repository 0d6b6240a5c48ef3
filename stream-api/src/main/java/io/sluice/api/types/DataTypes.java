package io.sluice.api.types;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Constants and factories for {@link DataType}s. */
public final class DataTypes {
  private DataTypes() {}

  /** boolean. */
  public static final AtomicType BOOLEAN = AtomicType.BOOLEAN;
  /** int (32 bit). */
  public static final AtomicType INT = AtomicType.INT;
  /** bigint (64 bit). */
  public static final AtomicType LONG = AtomicType.LONG;
  /** double. */
  public static final AtomicType DOUBLE = AtomicType.DOUBLE;
  /** string. */
  public static final AtomicType STRING = AtomicType.STRING;
  /** binary. */
  public static final AtomicType BINARY = AtomicType.BINARY;
  /** timestamp, microseconds since the epoch, UTC. */
  public static final AtomicType TIMESTAMP = AtomicType.TIMESTAMP;
  /** date, days since the epoch. */
  public static final AtomicType DATE = AtomicType.DATE;
  /** the type of an untyped null. */
  public static final AtomicType NULL = AtomicType.NULL;

  /**
   * Creates an array type.
   *
   * @param elementType the element type
   * @return {@code array<elementType>}
   */
  public static ArrayType array(DataType elementType) {
    return new ArrayType(elementType, true);
  }

  /**
   * Creates a struct type.
   *
   * @param fields the fields
   * @return the struct
   */
  public static StructType struct(StructField... fields) {
    return new StructType(Arrays.asList(fields));
  }

  /**
   * Creates a struct type.
   *
   * @param fields the fields
   * @return the struct
   */
  public static StructType struct(List<StructField> fields) {
    return new StructType(fields);
  }

  /**
   * Creates a nullable field.
   *
   * @param name the name
   * @param type the type
   * @return the field
   */
  public static StructField field(String name, DataType type) {
    return new StructField(name, type, true);
  }

  /**
   * Creates a field.
   *
   * @param name the name
   * @param type the type
   * @param nullable whether nulls are allowed
   * @return the field
   */
  public static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable);
  }

  /**
   * Parses an atomic type name as Spark writes it ({@code int}, {@code integer}, {@code bigint},
   * {@code long}, {@code double}, {@code string}, {@code boolean}, {@code binary},
   * {@code timestamp}, {@code date}).
   *
   * @param name the type name
   * @return the type
   * @throws IllegalArgumentException for an unknown name
   */
  public static AtomicType fromName(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "boolean": case "bool": return BOOLEAN;
      case "int": case "integer": return INT;
      case "bigint": case "long": return LONG;
      case "double": case "float": return DOUBLE;
      case "string": case "varchar": return STRING;
      case "binary": return BINARY;
      case "timestamp": return TIMESTAMP;
      case "date": return DATE;
      default:
        throw new IllegalArgumentException("Unknown type '" + name
            + "'; known: boolean, int, bigint, double, string, binary, timestamp, date");
    }
  }
}
