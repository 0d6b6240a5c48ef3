package io.sluice.api.data;

import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.util.Arrays;

/**
 * A column of values of one type, stored in primitive arrays (numbers, timestamps, dates), UTF-8
 * bytes (strings, binary) or child vectors (structs, arrays), with a null mask. Vectors are filled
 * by appending and then read by index; operators exchange them inside {@link ColumnBatch}es so that
 * expressions evaluate a whole vector at a time, without an object per row.
 *
 * <p>Not thread-safe. A vector handed to a sink or a downstream operator must not be mutated again.
 */
public abstract sealed class ColumnVector
    permits BooleanVector, IntVector, LongVector, DoubleVector, BytesVector, StructVector,
        ArrayVector, NullVector {
  /** The logical type of the values. */
  protected final DataType type;
  /** Null flags; only the first {@code size} entries are meaningful; null until a null appears. */
  protected boolean[] nulls;
  /** Number of values. */
  protected int size;

  /**
   * Creates an empty vector.
   *
   * @param type the logical type
   */
  protected ColumnVector(DataType type) {
    this.type = type;
  }

  /**
   * Allocates an empty vector for a type.
   *
   * @param type the type
   * @param capacity the expected number of values (grows if exceeded)
   * @return the vector
   */
  public static ColumnVector allocate(DataType type, int capacity) {
    int cap = Math.max(capacity, 4);
    if (type instanceof StructType st) {
      return new StructVector(st, cap);
    } else if (type instanceof ArrayType at) {
      return new ArrayVector(at, cap);
    }
    switch ((AtomicType) type) {
      case BOOLEAN:
        return new BooleanVector(cap);
      case INT:
      case DATE:
        return new IntVector(type, cap);
      case LONG:
      case TIMESTAMP:
        return new LongVector(type, cap);
      case DOUBLE:
        return new DoubleVector(cap);
      case STRING:
      case BINARY:
        return new BytesVector(type, cap);
      case NULL:
        return new NullVector();
      default:
        throw new IllegalArgumentException("unsupported type " + type);
    }
  }

  /** @return the logical type */
  public final DataType type() {
    return type;
  }

  /** @return the number of values */
  public final int size() {
    return size;
  }

  /**
   * Whether value {@code i} is null.
   *
   * @param i the index
   * @return true if null
   */
  public final boolean isNull(int i) {
    return nulls != null && nulls[i];
  }

  /** @return true if any value may be null (false means none is) */
  public final boolean mayHaveNulls() {
    return nulls != null;
  }

  /** Appends a null. */
  public final void appendNull() {
    ensureNullCapacity(size + 1);
    nulls[size] = true;
    appendDefault();
  }

  /**
   * Marks value {@code i} (already appended) as null.
   *
   * @param i the index
   */
  public final void setNull(int i) {
    ensureNullCapacity(Math.max(size, i + 1));
    nulls[i] = true;
  }

  /**
   * Appends value {@code i} of {@code source}, which must have the same type.
   *
   * @param source the vector to copy from
   * @param i the index in {@code source}
   */
  public final void appendFrom(ColumnVector source, int i) {
    if (source.isNull(i)) {
      appendNull();
    } else {
      appendValueFrom(source, i);
    }
  }

  /**
   * Appends a boxed value (see {@link DataType} for the Java representations); null appends null.
   *
   * @param value the value
   */
  public final void appendObject(Object value) {
    if (value == null) {
      appendNull();
    } else {
      appendNonNullObject(value);
    }
  }

  /**
   * Returns value {@code i} boxed in its Java representation (see {@link DataType}), or null.
   * For tests, printing and slow paths only.
   *
   * @param i the index
   * @return the value or null
   */
  public final Object getObject(int i) {
    return isNull(i) ? null : getNonNullObject(i);
  }

  /**
   * Creates a new vector holding the values at {@code positions[0..count)}, in that order.
   *
   * @param positions the indices to keep
   * @param count how many of {@code positions} to use
   * @return the new vector
   */
  public ColumnVector select(int[] positions, int count) {
    ColumnVector out = allocate(type, count);
    for (int k = 0; k < count; k++) {
      out.appendFrom(this, positions[k]);
    }
    return out;
  }

  /** Appends the type's default value (0, empty) as a placeholder for a null. */
  protected abstract void appendDefault();

  /**
   * Appends value {@code i} of a vector of the same type, known not to be null.
   *
   * @param source the source vector
   * @param i the index
   */
  protected abstract void appendValueFrom(ColumnVector source, int i);

  /**
   * Appends a non-null boxed value.
   *
   * @param value the value
   */
  protected abstract void appendNonNullObject(Object value);

  /**
   * Returns a non-null value boxed.
   *
   * @param i the index
   * @return the value
   */
  protected abstract Object getNonNullObject(int i);

  /**
   * Makes room for a null flag at index {@code n - 1}.
   *
   * @param n the needed size
   */
  protected final void ensureNullCapacity(int n) {
    if (nulls == null) {
      nulls = new boolean[Math.max(n, capacityHint())];
    } else if (nulls.length < n) {
      nulls = Arrays.copyOf(nulls, Math.max(n, nulls.length * 2));
    }
  }

  /** @return the current capacity of the value storage, used to size the null mask */
  protected abstract int capacityHint();

  /**
   * Grows an array size for at least {@code needed} entries.
   *
   * @param current the current length
   * @param needed the needed length
   * @return the new length
   */
  protected static int grow(int current, int needed) {
    return Math.max(needed, Math.max(8, current + (current >> 1)));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(type.simpleString()).append('[');
    for (int i = 0; i < Math.min(size, 20); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(getObject(i));
    }
    return sb.append(size > 20 ? ", ...]" : "]").toString();
  }
}
