package io.sluice.api.types;

/**
 * The type of a column or expression. Atomic types are singletons in {@link DataTypes}; structs
 * and arrays are {@link StructType} and {@link ArrayType}.
 *
 * <p>Java representations in a {@link io.sluice.api.Row}: boolean → {@code Boolean}, int →
 * {@code Integer}, long → {@code Long}, double → {@code Double}, string → {@code String}, binary →
 * {@code byte[]}, timestamp → {@code java.time.Instant} (microsecond precision, UTC), date →
 * {@code java.time.LocalDate}, struct → {@code Row}, array → {@code java.util.List}.
 */
public sealed interface DataType permits AtomicType, StructType, ArrayType {
  /** @return the type in Spark's DDL-like notation, e.g. {@code bigint} or {@code struct<a:int>} */
  String simpleString();

  /** @return true for int, long and double */
  default boolean isNumeric() {
    return this == DataTypes.INT || this == DataTypes.LONG || this == DataTypes.DOUBLE;
  }
}
