package io.sluice.state.internal;

import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreId;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Keeps the state in a sorted map on the heap, with the same changelog files as RocksDB and a
 * snapshot file holding every entry. For small state and tests. A batch's writes go to an overlay
 * map, so abort is free and the committed map is never half-updated.
 */
public final class InMemoryStateStoreProvider extends AbstractStateStoreProvider {
  // Per entry: TreeMap entry object, two array headers, references.
  private static final long ENTRY_OVERHEAD = 88;

  private final MapBackend backend = new MapBackend();

  public InMemoryStateStoreProvider(StateStoreId id, StateStoreConf conf, Runnable onClose) {
    super(id, conf, onClose);
  }

  @Override
  protected Backend backend() {
    return backend;
  }

  @Override
  protected void resetToEmpty() {
    backend.base = new TreeMap<>(Bytes.ORDER);
    backend.baseBytes = 0;
    backend.delta.clear();
  }

  @Override
  protected long loadSnapshot(long version) {
    Path file = files().snapshot(version);
    TreeMap<byte[], byte[]> map = new TreeMap<>(Bytes.ORDER);
    long[] bytes = {0};
    RecordFileReader.Trailer t =
        RecordFileReader.read(
            file,
            RecordKind.MEMORY_SNAPSHOT,
            version,
            (op, a, b) -> {
              if (op != RecordFileWriter.PUT) {
                throw RecordFileReader.corrupt(file, version, "unexpected record type " + op);
              }
              map.put(a, b);
              bytes[0] += a.length + b.length;
            });
    if (t.rows() != map.size()) {
      throw RecordFileReader.corrupt(
          file, version, "trailer says " + t.rows() + " rows, found " + map.size());
    }
    backend.base = map;
    backend.baseBytes = bytes[0];
    backend.delta.clear();
    return t.rows();
  }

  @Override
  protected Replayer replayer() {
    return new Replayer() {
      @Override
      public void put(byte[] key, byte[] value) {
        backend.applyToBase(key, value);
      }

      @Override
      public void delete(byte[] key) {
        backend.applyToBase(key, null);
      }

      @Override
      public void flush() {}
    };
  }

  @Override
  protected PendingSnapshot takeSnapshot(long version, long rows) {
    // Keys and values are immutable by contract, so a shallow copy is a consistent snapshot.
    byte[][] keys = new byte[backend.base.size()][];
    byte[][] values = new byte[keys.length][];
    int i = 0;
    for (Map.Entry<byte[], byte[]> e : backend.base.entrySet()) {
      keys[i] = e.getKey();
      values[i++] = e.getValue();
    }
    return new PendingSnapshot() {
      @Override
      public long version() {
        return version;
      }

      @Override
      public Path write(StoreFiles files) throws IOException {
        Path tmp = StoreFiles.tempFor(files.snapshot(version));
        Files.createDirectories(files.dir());
        try (FileChannel ch =
            FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
          RecordFileWriter w = new RecordFileWriter(out, RecordKind.MEMORY_SNAPSHOT, version);
          for (int j = 0; j < keys.length; j++) {
            w.put(keys[j], values[j]);
          }
          w.finish(rows);
          ch.force(true);
        } catch (IOException | RuntimeException e) {
          StoreFiles.deleteQuietly(tmp);
          throw e;
        }
        return tmp;
      }

      @Override
      public void discard() {}
    };
  }

  @Override
  protected void invalidate() {
    resetToEmpty();
  }

  @Override
  protected void releaseResources() {
    resetToEmpty();
  }

  private static final class MapBackend implements Backend {
    // Identity marks a removal in the overlay.
    private static final byte[] TOMBSTONE = new byte[0];

    private TreeMap<byte[], byte[]> base = new TreeMap<>(Bytes.ORDER);
    private long baseBytes;
    private final TreeMap<byte[], byte[]> delta = new TreeMap<>(Bytes.ORDER);
    private long deltaBytes;

    void applyToBase(byte[] key, byte[] value) {
      byte[] prev = value == null ? base.remove(key) : base.put(key, value);
      if (prev != null) {
        baseBytes -= key.length + prev.length;
      }
      if (value != null) {
        baseBytes += key.length + value.length;
      }
    }

    @Override
    public byte[] get(byte[] key) {
      byte[] v = delta.get(key);
      if (v != null) {
        return v == TOMBSTONE ? null : v;
      }
      return base.get(key);
    }

    @Override
    public boolean put(byte[] key, byte[] value) {
      byte[] prev = delta.put(key, value);
      deltaBytes += key.length + value.length;
      return prev != null ? prev != TOMBSTONE : base.containsKey(key);
    }

    @Override
    public boolean delete(byte[] key) {
      byte[] prev = delta.get(key);
      boolean existed = prev != null ? prev != TOMBSTONE : base.containsKey(key);
      if (existed) {
        delta.put(key, TOMBSTONE);
        deltaBytes += key.length;
      }
      return existed;
    }

    @Override
    public Cursor scan(byte[] from, byte[] to) {
      NavigableMap<byte[], byte[]> b = range(base, from, to);
      // The overlay may change while iterating (eviction removes as it goes): iterate a copy.
      Iterator<Map.Entry<byte[], byte[]>> d =
          delta.isEmpty()
              ? Collections.emptyIterator()
              : new TreeMap<>(range(delta, from, to)).entrySet().iterator();
      return new MergeCursor(b.entrySet().iterator(), d);
    }

    private static NavigableMap<byte[], byte[]> range(
        NavigableMap<byte[], byte[]> m, byte[] from, byte[] to) {
      if (from != null && to != null) {
        return Bytes.ORDER.compare(from, to) >= 0
            ? Collections.emptyNavigableMap()
            : m.subMap(from, true, to, false);
      } else if (from != null) {
        return m.tailMap(from, true);
      } else if (to != null) {
        return m.headMap(to, false);
      }
      return m;
    }

    @Override
    public long memoryBytes() {
      return baseBytes + deltaBytes + (base.size() + delta.size()) * ENTRY_OVERHEAD;
    }

    @Override
    public void commitBatch() {
      for (Map.Entry<byte[], byte[]> e : delta.entrySet()) {
        applyToBase(e.getKey(), e.getValue() == TOMBSTONE ? null : e.getValue());
      }
      delta.clear();
      deltaBytes = 0;
    }

    @Override
    public boolean rollbackBatch() {
      delta.clear();
      deltaBytes = 0;
      return true;
    }

    /** Merges the committed entries with the overlay; the overlay wins on equal keys. */
    private static final class MergeCursor implements Cursor {
      private final Iterator<Map.Entry<byte[], byte[]>> base;
      private final Iterator<Map.Entry<byte[], byte[]>> delta;
      private Map.Entry<byte[], byte[]> b;
      private Map.Entry<byte[], byte[]> d;
      private Map.Entry<byte[], byte[]> cur;

      MergeCursor(
          Iterator<Map.Entry<byte[], byte[]>> base, Iterator<Map.Entry<byte[], byte[]>> delta) {
        this.base = base;
        this.delta = delta;
        b = base.hasNext() ? base.next() : null;
        d = delta.hasNext() ? delta.next() : null;
        advance();
      }

      private void advance() {
        while (true) {
          if (b == null && d == null) {
            cur = null;
            return;
          }
          int c = b == null ? 1 : d == null ? -1 : Bytes.ORDER.compare(b.getKey(), d.getKey());
          if (c < 0) {
            cur = b;
            b = base.hasNext() ? base.next() : null;
            return;
          }
          Map.Entry<byte[], byte[]> e = d;
          d = delta.hasNext() ? delta.next() : null;
          if (c == 0) {
            b = base.hasNext() ? base.next() : null;
          }
          if (e.getValue() != TOMBSTONE) {
            cur = e;
            return;
          }
        }
      }

      @Override
      public boolean valid() {
        return cur != null;
      }

      @Override
      public byte[] key() {
        if (cur == null) {
          throw new NoSuchElementException();
        }
        return cur.getKey().clone();
      }

      @Override
      public byte[] value() {
        if (cur == null) {
          throw new NoSuchElementException();
        }
        return cur.getValue().clone();
      }

      @Override
      public void next() {
        advance();
      }

      @Override
      public void close() {}
    }
  }
}
