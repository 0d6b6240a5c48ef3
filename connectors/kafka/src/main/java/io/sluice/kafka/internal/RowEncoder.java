package io.sluice.kafka.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.Locale;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns the sink's rows into producer records: columns {@code value} (required), {@code key},
 * {@code topic}, {@code partition}, {@code headers}; keys and values may be string (sent as UTF-8)
 * or binary. The column layout is checked once, when the query starts.
 */
final class RowEncoder {
  private final String topicOption;
  private final int value;
  private final int key;
  private final int topic;
  private final int partition;
  private final int headers;

  RowEncoder(StructType schema, String topicOption) {
    this.topicOption = topicOption;
    this.value = index(schema, "value");
    this.key = index(schema, "key");
    this.topic = index(schema, "topic");
    this.partition = index(schema, "partition");
    this.headers = index(schema, "headers");
    if (value < 0) {
      throw new AnalysisException("The kafka sink needs a 'value' column (string or binary); the query's "
          + "columns are " + schema.fieldNames() + ". Select or alias one as 'value', e.g. "
          + "toJson(struct(...)).as(\"value\")");
    }
    checkBytes(schema, value, "value");
    checkBytes(schema, key, "key");
    if (topic >= 0 && schema.field(topic).type() != DataTypes.STRING) {
      throw new AnalysisException("The kafka sink's 'topic' column must be a string, not "
          + schema.field(topic).type().simpleString());
    }
    if (topic < 0 && topicOption == null) {
      throw new AnalysisException("The kafka sink needs the 'topic' option or a 'topic' column; the "
          + "query's columns are " + schema.fieldNames());
    }
    if (partition >= 0 && schema.field(partition).type() != DataTypes.INT) {
      throw new AnalysisException("The kafka sink's 'partition' column must be an int, not "
          + schema.field(partition).type().simpleString());
    }
    if (headers >= 0 && !validHeaders(schema.field(headers).type())) {
      throw new AnalysisException("The kafka sink's 'headers' column must be array<struct<key:string,"
          + "value:binary>>, not " + schema.field(headers).type().simpleString());
    }
  }

  private static boolean validHeaders(DataType t) {
    if (!(t instanceof ArrayType at) || !(at.elementType() instanceof StructType st) || st.size() != 2) {
      return false;
    }
    return st.field(0).type() == DataTypes.STRING
        && (st.field(1).type() == DataTypes.BINARY || st.field(1).type() == DataTypes.STRING);
  }

  private static void checkBytes(StructType schema, int i, String name) {
    if (i >= 0) {
      DataType t = schema.field(i).type();
      if (t != DataTypes.STRING && t != DataTypes.BINARY) {
        throw new AnalysisException("The kafka sink's '" + name + "' column must be string or binary, not "
            + t.simpleString() + ": cast it or serialize it (toJson, AvroFunctions.toAvro)");
      }
    }
  }

  private static int index(StructType schema, String name) {
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.field(i);
      if (f.name().toLowerCase(Locale.ROOT).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  ProducerRecord<byte[], byte[]> record(ColumnBatch b, int row) {
    String t = topicOption;
    if (t == null) {
      BytesVector tv = (BytesVector) b.column(topic);
      if (tv.isNull(row)) {
        throw new IllegalStateException("The kafka sink got a row with a null 'topic' and no 'topic' option");
      }
      t = tv.getString(row);
    }
    Integer p = null;
    if (partition >= 0 && !b.column(partition).isNull(row)) {
      p = ((IntVector) b.column(partition)).get(row);
    }
    byte[] k = key >= 0 ? bytes((BytesVector) b.column(key), row) : null;
    byte[] v = bytes((BytesVector) b.column(value), row);
    RecordHeaders h = null;
    if (headers >= 0 && !b.column(headers).isNull(row)) {
      ArrayVector a = (ArrayVector) b.column(headers);
      StructVector s = (StructVector) a.elements();
      h = new RecordHeaders();
      for (int e = a.offset(row); e < a.offset(row) + a.length(row); e++) {
        if (s.isNull(e)) {
          continue;
        }
        h.add(((BytesVector) s.child(0)).getString(e), bytes((BytesVector) s.child(1), e));
      }
    }
    return new ProducerRecord<>(t, p, null, k, v, h);
  }

  private static byte[] bytes(BytesVector v, int row) {
    return v.isNull(row) ? null : v.getBytes(row);
  }
}
