package io.sluice.api.types;

/**
 * A non-nested type. The instances are the constants of {@link DataTypes}.
 */
public enum AtomicType implements DataType {
  /** true/false. */
  BOOLEAN("boolean"),
  /** 32-bit signed integer. */
  INT("int"),
  /** 64-bit signed integer. */
  LONG("bigint"),
  /** 64-bit IEEE floating point. */
  DOUBLE("double"),
  /** UTF-8 text. */
  STRING("string"),
  /** Bytes. */
  BINARY("binary"),
  /** An instant in UTC with microsecond precision, stored as microseconds since the epoch. */
  TIMESTAMP("timestamp"),
  /** A calendar date, stored as days since 1970-01-01. */
  DATE("date"),
  /** The type of the null literal; becomes the other side's type in expressions. */
  NULL("void");

  private final String simple;

  AtomicType(String simple) {
    this.simple = simple;
  }

  @Override
  public String simpleString() {
    return simple;
  }

  @Override
  public String toString() {
    return simple;
  }
}
