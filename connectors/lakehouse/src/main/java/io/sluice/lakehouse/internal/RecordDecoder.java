package io.sluice.lakehouse.internal;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BooleanVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.DoubleVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Appends Iceberg generic records to Sluice column vectors of an output schema. Output columns are
 * matched to the records' fields by name once; a column the records lack reads as null.
 */
final class RecordDecoder {
  /** Appends one non-null generic value to a vector. */
  private interface Appender {
    void append(ColumnVector v, Object value);
  }

  private final StructType output;
  private final int[] position; // per output column: field position in the record, or -1
  private final Appender[] appenders;

  /**
   * Builds the mapping.
   *
   * @param output the schema of the batches to produce
   * @param recordStruct the struct of the records that will be decoded
   */
  RecordDecoder(StructType output, Types.StructType recordStruct) {
    this.output = output;
    position = new int[output.size()];
    appenders = new Appender[output.size()];
    List<Types.NestedField> fields = recordStruct.fields();
    for (int c = 0; c < output.size(); c++) {
      Types.NestedField f = Schemas.findField(recordStruct, output.field(c).name());
      position[c] = f == null ? -1 : fields.indexOf(f);
      appenders[c] = appender(output.field(c).type(), f == null ? null : f.type());
    }
  }

  /** @return the output schema */
  StructType schema() {
    return output;
  }

  /**
   * Appends a record as one row.
   *
   * @param record the record
   * @param columns the output vectors
   */
  void append(StructLike record, ColumnVector[] columns) {
    for (int c = 0; c < columns.length; c++) {
      Object v = position[c] < 0 ? null : record.get(position[c], Object.class);
      if (v == null) {
        columns[c].appendNull();
      } else {
        appenders[c].append(columns[c], v);
      }
    }
  }

  /**
   * Wraps filled vectors as a batch.
   *
   * @param columns the vectors
   * @param rows the row count
   * @return the batch
   */
  ColumnBatch toBatch(ColumnVector[] columns, int rows) {
    return new ColumnBatch(output, columns, rows);
  }

  private static Appender appender(DataType type, org.apache.iceberg.types.Type source) {
    if (type instanceof StructType st) {
      Types.StructType ss = source == null ? Types.StructType.of() : source.asStructType();
      int[] pos = new int[st.size()];
      Appender[] children = new Appender[st.size()];
      for (int i = 0; i < st.size(); i++) {
        Types.NestedField f = Schemas.findField(ss, st.field(i).name());
        pos[i] = f == null ? -1 : ss.fields().indexOf(f);
        children[i] = appender(st.field(i).type(), f == null ? null : f.type());
      }
      return (v, value) -> {
        StructVector sv = (StructVector) v;
        StructLike rec = (StructLike) value;
        for (int i = 0; i < pos.length; i++) {
          Object child = pos[i] < 0 ? null : rec.get(pos[i], Object.class);
          if (child == null) {
            sv.child(i).appendNull();
          } else {
            children[i].append(sv.child(i), child);
          }
        }
        sv.appendRowFromChildren();
      };
    }
    if (type instanceof ArrayType at) {
      Appender element = appender(at.elementType(), source == null ? null : source.asListType().elementType());
      return (v, value) -> {
        ArrayVector av = (ArrayVector) v;
        for (Object o : (List<?>) value) {
          if (o == null) {
            av.elements().appendNull();
          } else {
            element.append(av.elements(), o);
          }
        }
        av.appendRowFromElements();
      };
    }
    switch ((AtomicType) type) {
      case BOOLEAN:
        return (v, value) -> ((BooleanVector) v).append((Boolean) value);
      case INT:
        return (v, value) -> ((IntVector) v).append(((Number) value).intValue());
      case LONG:
        return (v, value) -> ((LongVector) v).append(((Number) value).longValue());
      case DOUBLE:
        return (v, value) -> ((DoubleVector) v).append(value instanceof BigDecimal d ? d.doubleValue()
            : ((Number) value).doubleValue());
      case STRING:
        return (v, value) -> ((BytesVector) v).appendString(value.toString());
      case BINARY:
        return (v, value) -> {
          if (value instanceof byte[] b) {
            ((BytesVector) v).append(b);
          } else {
            ByteBuffer buf = ((ByteBuffer) value).duplicate();
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            ((BytesVector) v).append(b);
          }
        };
      case TIMESTAMP:
        return (v, value) -> ((LongVector) v).append(value instanceof OffsetDateTime odt
            ? DateTimeUtil.microsFromTimestamptz(odt)
            : value instanceof LocalDateTime ldt ? DateTimeUtil.microsFromTimestamp(ldt) : ((Number) value).longValue());
      case DATE:
        return (v, value) -> ((IntVector) v).append(value instanceof LocalDate d
            ? DateTimeUtil.daysFromDate(d) : ((Number) value).intValue());
      default:
        return (v, value) -> v.appendNull();
    }
  }
}
