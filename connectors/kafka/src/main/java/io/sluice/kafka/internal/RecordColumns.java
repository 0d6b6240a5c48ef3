package io.sluice.kafka.internal;

import io.sluice.api.data.ArrayVector;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.data.IntVector;
import io.sluice.api.data.LongVector;
import io.sluice.api.data.StructVector;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Appends Kafka records straight into the column vectors of the source schema ({@code key, value,
 * topic, partition, offset, timestamp, timestampType[, headers]}): no row objects, the key and
 * value bytes copied once into each vector's data array.
 */
final class RecordColumns {
  /** The source's row schema without headers. */
  static final StructType SCHEMA = DataTypes.struct(
      DataTypes.field("key", DataTypes.BINARY, true),
      DataTypes.field("value", DataTypes.BINARY, true),
      DataTypes.field("topic", DataTypes.STRING, false),
      DataTypes.field("partition", DataTypes.INT, false),
      DataTypes.field("offset", DataTypes.LONG, false),
      DataTypes.field("timestamp", DataTypes.TIMESTAMP, false),
      DataTypes.field("timestampType", DataTypes.INT, false));
  /** The type of the {@code headers} column. */
  static final StructType HEADER = DataTypes.struct(
      DataTypes.field("key", DataTypes.STRING, false),
      DataTypes.field("value", DataTypes.BINARY, true));
  /** The source's row schema with headers. */
  static final StructType SCHEMA_WITH_HEADERS = DataTypes.struct(
      DataTypes.field("key", DataTypes.BINARY, true),
      DataTypes.field("value", DataTypes.BINARY, true),
      DataTypes.field("topic", DataTypes.STRING, false),
      DataTypes.field("partition", DataTypes.INT, false),
      DataTypes.field("offset", DataTypes.LONG, false),
      DataTypes.field("timestamp", DataTypes.TIMESTAMP, false),
      DataTypes.field("timestampType", DataTypes.INT, false),
      DataTypes.field("headers", DataTypes.array(HEADER), true));

  private final StructType schema;
  private final boolean headers;
  private ColumnVector[] cols;
  private BytesVector key;
  private BytesVector value;
  private BytesVector topic;
  private IntVector partition;
  private LongVector offset;
  private LongVector timestamp;
  private IntVector timestampType;
  private ArrayVector headerArray;
  private String lastTopic;
  private byte[] lastTopicBytes;
  private int rows;

  RecordColumns(boolean headers, int capacity) {
    this.headers = headers;
    this.schema = headers ? SCHEMA_WITH_HEADERS : SCHEMA;
    reset(capacity);
  }

  static StructType schema(boolean headers) {
    return headers ? SCHEMA_WITH_HEADERS : SCHEMA;
  }

  private void reset(int capacity) {
    cols = ColumnBatch.allocate(schema, capacity);
    key = (BytesVector) cols[0];
    value = (BytesVector) cols[1];
    topic = (BytesVector) cols[2];
    partition = (IntVector) cols[3];
    offset = (LongVector) cols[4];
    timestamp = (LongVector) cols[5];
    timestampType = (IntVector) cols[6];
    headerArray = headers ? (ArrayVector) cols[7] : null;
    rows = 0;
  }

  void add(ConsumerRecord<byte[], byte[]> r) {
    appendBytes(key, r.key());
    appendBytes(value, r.value());
    if (!r.topic().equals(lastTopic)) {
      lastTopic = r.topic();
      lastTopicBytes = lastTopic.getBytes(StandardCharsets.UTF_8);
    }
    topic.append(lastTopicBytes);
    partition.append(r.partition());
    offset.append(r.offset());
    timestamp.append(r.timestamp() * 1000L);
    timestampType.append(r.timestampType().id);
    if (headers) {
      StructVector h = (StructVector) headerArray.elements();
      for (Header header : r.headers()) {
        ((BytesVector) h.child(0)).appendString(header.key());
        appendBytes((BytesVector) h.child(1), header.value());
        h.appendRowFromChildren();
      }
      headerArray.appendRowFromElements();
    }
    rows++;
  }

  private static void appendBytes(BytesVector v, byte[] b) {
    if (b == null) {
      v.appendNull();
    } else {
      v.append(b);
    }
  }

  int rows() {
    return rows;
  }

  /** Hands the rows so far on as a batch and starts new vectors. */
  ColumnBatch flush(int nextCapacity) {
    ColumnBatch b = new ColumnBatch(schema, cols, rows);
    reset(nextCapacity);
    return b;
  }
}
