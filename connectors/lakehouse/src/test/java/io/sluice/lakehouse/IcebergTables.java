package io.sluice.lakehouse;

import io.sluice.api.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;

/** Test helpers: read tables back with Iceberg's own generic reader, independent of our source. */
final class IcebergTables {
  private IcebergTables() {}

  static Table load(String path) {
    return new HadoopTables(new Configuration()).load(path);
  }

  /** Every live row of the table, read by {@code IcebergGenerics}, as Sluice rows. */
  static List<Row> rows(Table table) {
    table.refresh();
    List<Row> out = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record r : records) {
        out.add(toRow(r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<Row> rows(String path) {
    return rows(load(path));
  }

  private static Row toRow(Record r) {
    Object[] values = new Object[r.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = convert(r.get(i));
    }
    return Row.of(values);
  }

  private static Object convert(Object v) {
    if (v instanceof OffsetDateTime odt) {
      return odt.toInstant();
    } else if (v instanceof CharSequence cs) {
      return cs.toString();
    } else if (v instanceof ByteBuffer b) {
      byte[] bytes = new byte[b.remaining()];
      b.duplicate().get(bytes);
      return bytes;
    } else if (v instanceof Record rec) {
      return toRow(rec);
    } else if (v instanceof List<?> l) {
      return l.stream().map(IcebergTables::convert).toList();
    }
    return v;
  }

  /** The snapshots of the current history, oldest first. */
  static List<Snapshot> history(Table table) {
    table.refresh();
    List<Snapshot> out = new ArrayList<>();
    for (Snapshot s = table.currentSnapshot(); s != null;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      out.add(0, s);
    }
    return out;
  }

  /** The batch markers (query id, batch id) of the current history, oldest first. */
  static List<String> markers(Table table) {
    return history(table).stream()
        .filter(s -> s.summary().containsKey("sluice.batch-id"))
        .map(s -> s.summary().get("sluice.query-id") + ":" + s.summary().get("sluice.batch-id"))
        .toList();
  }

  static int snapshotCount(Table table) {
    table.refresh();
    return (int) StreamSupport.stream(table.snapshots().spliterator(), false).count();
  }

  static String marker(UUID q, long batch) {
    return q + ":" + batch;
  }
}
