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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.DateTimeUtil;

/**
 * Fills Iceberg {@link GenericRecord}s of a table's schema from the rows of Sluice column batches of
 * a query's schema. Columns are matched by name (see {@link Schemas#findField}); a table column the
 * query lacks is written as null; an int column written to a bigint table column is widened. The
 * mapping is computed once; filling a row reuses the record it is given.
 */
final class RowConverter {
  /** Reads one value of a vector as the Iceberg generic representation of the table type. */
  private interface ValueReader {
    Object read(ColumnVector v, int row);
  }

  private final int[] sourceIndex; // per table field: query column, or -1
  private final ValueReader[] readers;

  /**
   * Builds the mapping.
   *
   * @param query the query schema
   * @param table the table struct (the schema checks have passed)
   */
  RowConverter(StructType query, Types.StructType table) {
    List<Types.NestedField> fields = table.fields();
    sourceIndex = new int[fields.size()];
    readers = new ValueReader[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      Types.NestedField f = fields.get(i);
      int q = indexOf(query, f.name());
      sourceIndex[i] = q;
      readers[i] = q < 0 ? null : reader(query.field(q).type(), f.type());
    }
  }

  private static int indexOf(StructType query, String name) {
    return query.indexOf(name);
  }

  /**
   * Sets every field of {@code record} from row {@code row} of {@code batch}.
   *
   * @param batch the batch, of the query schema
   * @param row the row
   * @param record the record to fill (of the table schema)
   */
  void fill(ColumnBatch batch, int row, GenericRecord record) {
    for (int i = 0; i < sourceIndex.length; i++) {
      int q = sourceIndex[i];
      record.set(i, q < 0 ? null : readers[i].read(batch.column(q), row));
    }
  }

  private static ValueReader reader(DataType query, Type table) {
    ValueReader r = nonNullReader(query, table);
    return (v, row) -> v.isNull(row) ? null : r.read(v, row);
  }

  private static ValueReader nonNullReader(DataType query, Type table) {
    if (query instanceof StructType qs) {
      Types.StructType ts = table.asStructType();
      List<Types.NestedField> fields = ts.fields();
      int[] idx = new int[fields.size()];
      ValueReader[] children = new ValueReader[fields.size()];
      for (int i = 0; i < fields.size(); i++) {
        idx[i] = qs.indexOf(fields.get(i).name());
        children[i] = idx[i] < 0 ? null : reader(qs.field(idx[i]).type(), fields.get(i).type());
      }
      return (v, row) -> {
        StructVector sv = (StructVector) v;
        GenericRecord rec = GenericRecord.create(ts);
        for (int i = 0; i < idx.length; i++) {
          rec.set(i, idx[i] < 0 ? null : children[i].read(sv.child(idx[i]), row));
        }
        return rec;
      };
    }
    if (query instanceof ArrayType qa) {
      ValueReader element = reader(qa.elementType(), table.asListType().elementType());
      return (v, row) -> {
        ArrayVector av = (ArrayVector) v;
        int start = av.offset(row);
        int len = av.length(row);
        List<Object> out = new ArrayList<>(len);
        for (int k = 0; k < len; k++) {
          out.add(element.read(av.elements(), start + k));
        }
        return out;
      };
    }
    switch ((AtomicType) query) {
      case BOOLEAN:
        return (v, row) -> ((BooleanVector) v).get(row);
      case INT:
        if (table.typeId() == Type.TypeID.LONG) {
          return (v, row) -> (long) ((IntVector) v).get(row);
        }
        return (v, row) -> ((IntVector) v).get(row);
      case LONG:
        return (v, row) -> ((LongVector) v).get(row);
      case DOUBLE:
        return (v, row) -> ((DoubleVector) v).get(row);
      case STRING:
        return (v, row) -> ((BytesVector) v).getString(row);
      case BINARY:
        return (v, row) -> ByteBuffer.wrap(((BytesVector) v).getBytes(row));
      case TIMESTAMP:
        if (((Types.TimestampType) table).shouldAdjustToUTC()) {
          return (v, row) -> DateTimeUtil.timestamptzFromMicros(((LongVector) v).get(row));
        }
        return (v, row) -> DateTimeUtil.timestampFromMicros(((LongVector) v).get(row));
      case DATE:
        return (v, row) -> DateTimeUtil.dateFromDays(((IntVector) v).get(row));
      default:
        throw new IllegalArgumentException("cannot write type " + query);
    }
  }
}
