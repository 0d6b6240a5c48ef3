package io.sluice.state.internal;

import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.AtomicFiles;
import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreId;
import io.sluice.state.StateStoreOptions;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state in a local RocksDB instance (a working copy under
 * {@link StateStoreOptions#LOCAL_DIR}), made durable by the changelog of each version and by
 * snapshots: a RocksDB checkpoint whose files are copied to the store's shared {@code sst/}
 * directory (each SST file once per lineage, since SST files never change) and listed, with sizes
 * and CRC32C checksums, in {@code <version>.snapshot}.
 *
 * <p>Writes go straight to the instance with the WAL off (the changelog is the durable log); an
 * aborted batch therefore makes the instance unusable, and the next open reloads it from the
 * checkpoint. Aborts are rare, while writing once instead of twice matters on every batch.
 */
public final class RocksDbStateStoreProvider extends AbstractStateStoreProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbStateStoreProvider.class);
  private static final long REPLAY_BATCH_BYTES = 8L << 20;

  private final StateStoreConf conf;
  private final RocksDbMemory memory;
  private final Path workDir;
  private Instance db;
  // Files of the current local lineage already in sst/, by local file name. A reload starts a new
  // lineage: RocksDB file numbers are only unique within one lineage.
  private Map<String, SharedFile> uploaded = new ConcurrentHashMap<>();

  /** A file of a snapshot: its name in the RocksDB directory and its copy in {@code sst/}. */
  record SharedFile(String localName, String sharedName, long size, int crc) {}

  public RocksDbStateStoreProvider(StateStoreId id, StateStoreConf conf, Runnable onClose) {
    super(id, conf, onClose);
    this.conf = conf;
    this.memory = RocksDbMemory.get(conf);
    this.workDir =
        Paths.get(conf.get(StateStoreOptions.LOCAL_DIR))
            .toAbsolutePath()
            .resolve("op" + id.operatorId() + "-p" + id.partition() + "-" + UUID.randomUUID());
  }

  Path workDir() {
    return workDir;
  }

  @Override
  protected Backend backend() {
    return db;
  }

  @Override
  protected void resetToEmpty() {
    closeDb();
    uploaded = new ConcurrentHashMap<>();
    db = new Instance(cleanDbDir());
  }

  private Path cleanDbDir() {
    Path dir = workDir.resolve("db");
    try {
      StoreFiles.deleteRecursively(dir);
      Files.createDirectories(dir);
    } catch (IOException | UncheckedIOException e) {
      throw new CheckpointException("Cannot prepare local RocksDB directory " + dir, e);
    }
    return dir;
  }

  @Override
  protected long loadSnapshot(long version) {
    Path file = files().snapshot(version);
    List<SharedFile> list = new ArrayList<>();
    RecordFileReader.Trailer t = readManifest(file, version, list);
    closeDb();
    Path dir = cleanDbDir();
    Map<String, SharedFile> lineage = new ConcurrentHashMap<>();
    for (SharedFile f : list) {
      Path shared = files().sstDir().resolve(f.sharedName());
      Path local = dir.resolve(f.localName());
      long[] size = {0};
      int crc;
      try {
        crc = copy(shared, local, size);
      } catch (NoSuchFileException e) {
        throw new CheckpointException(
            "State snapshot " + file + " (version " + version + ") needs " + shared
                + ", which is missing",
            e);
      } catch (IOException e) {
        throw new CheckpointException(
            "Cannot copy " + shared + " of state snapshot version " + version, e);
      }
      if (size[0] != f.size() || crc != f.crc()) {
        throw new CheckpointException(
            "Corrupt state file " + shared + " of snapshot " + file + " (version " + version
                + "): expected " + f.size() + " bytes with CRC32C " + Integer.toHexString(f.crc())
                + ", found " + size[0] + " bytes with CRC32C " + Integer.toHexString(crc));
      }
      if (f.localName().endsWith(".sst")) {
        lineage.put(f.localName(), f);
      }
    }
    try {
      db = new Instance(dir);
    } catch (CheckpointException e) {
      throw new CheckpointException(
          "Cannot open state snapshot " + file + " (version " + version + "): " + e.getMessage(),
          e);
    }
    uploaded = lineage;
    return t.rows();
  }

  private static RecordFileReader.Trailer readManifest(
      Path file, long version, List<SharedFile> into) {
    return RecordFileReader.read(
        file,
        RecordKind.ROCKSDB_SNAPSHOT,
        version,
        (op, a, b) -> {
          if (op != RecordFileWriter.FILE) {
            throw RecordFileReader.corrupt(file, version, "unexpected record type " + op);
          }
          DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
          String localName = RecordFileReader.utf8(a);
          if (localName.contains("/") || localName.startsWith(".")) {
            throw RecordFileReader.corrupt(file, version, "bad file name " + localName);
          }
          into.add(new SharedFile(localName, in.readUTF(), in.readLong(), in.readInt()));
        });
  }

  @Override
  protected Replayer replayer() {
    Instance instance = db;
    WriteBatch batch = new WriteBatch();
    return new Replayer() {
      @Override
      public void put(byte[] key, byte[] value) {
        try {
          batch.put(key, value);
        } catch (RocksDBException e) {
          throw instance.failure("replay", e);
        }
        maybeFlush();
      }

      @Override
      public void delete(byte[] key) {
        try {
          batch.delete(key);
        } catch (RocksDBException e) {
          throw instance.failure("replay", e);
        }
        maybeFlush();
      }

      private void maybeFlush() {
        if (batch.getDataSize() >= REPLAY_BATCH_BYTES) {
          write();
        }
      }

      private void write() {
        try {
          instance.db.write(instance.writeOptions, batch);
          batch.clear();
        } catch (RocksDBException e) {
          throw instance.failure("replay", e);
        }
      }

      @Override
      public void flush() {
        write();
        batch.close();
      }
    };
  }

  @Override
  protected PendingSnapshot takeSnapshot(long version, long rows) {
    Path dir = workDir.resolve("checkpoints").resolve(version + "-" + UUID.randomUUID());
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
        Checkpoint checkpoint = Checkpoint.create(db.db)) {
      // The WAL is off, so memtables must be flushed for the checkpoint to hold everything.
      db.db.flush(flush);
      Files.createDirectories(dir.getParent());
      checkpoint.createCheckpoint(dir.toString());
    } catch (RocksDBException | IOException e) {
      StoreFiles.deleteRecursively(dir);
      throw new CheckpointException("Cannot take a local RocksDB checkpoint in " + dir, e);
    }
    return new LocalCheckpoint(version, rows, dir, uploaded);
  }

  /** A local RocksDB checkpoint (hard links), to upload. */
  private final class LocalCheckpoint implements PendingSnapshot {
    private final long version;
    private final long rows;
    private final Path dir;
    private final Map<String, SharedFile> lineage;

    LocalCheckpoint(long version, long rows, Path dir, Map<String, SharedFile> lineage) {
      this.version = version;
      this.rows = rows;
      this.dir = dir;
      this.lineage = lineage;
    }

    @Override
    public long version() {
      return version;
    }

    @Override
    public Path write(StoreFiles files) throws IOException {
      Path sstDir = files.sstDir();
      Files.createDirectories(sstDir);
      List<Path> local = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        ds.forEach(local::add);
      }
      local.sort(null);
      List<SharedFile> entries = new ArrayList<>();
      List<SharedFile> added = new ArrayList<>();
      for (Path p : local) {
        String name = p.getFileName().toString();
        long size = Files.size(p);
        SharedFile known = lineage.get(name);
        if (name.endsWith(".sst")
            && known != null
            && known.size() == size
            && Files.exists(sstDir.resolve(known.sharedName()))) {
          entries.add(known);
          continue;
        }
        String sharedName = sharedName(name);
        Path target = sstDir.resolve(sharedName);
        Path tmp = StoreFiles.tempFor(target);
        long[] copied = {0};
        int crc;
        try {
          crc = copy(p, tmp, copied);
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          StoreFiles.deleteQuietly(tmp);
        }
        SharedFile f = new SharedFile(name, sharedName, copied[0], crc);
        entries.add(f);
        if (name.endsWith(".sst")) {
          added.add(f);
        }
      }
      AtomicFiles.fsyncDirectory(sstDir);
      Path tmp = StoreFiles.tempFor(files.snapshot(version));
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
        RecordFileWriter w = new RecordFileWriter(out, RecordKind.ROCKSDB_SNAPSHOT, version);
        for (SharedFile f : entries) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          DataOutputStream d = new DataOutputStream(bytes);
          d.writeUTF(f.sharedName());
          d.writeLong(f.size());
          d.writeInt(f.crc());
          w.record(
              RecordFileWriter.FILE,
              f.localName().getBytes(StandardCharsets.UTF_8),
              bytes.toByteArray());
        }
        w.finish(rows);
        ch.force(true);
      } catch (IOException | RuntimeException e) {
        StoreFiles.deleteQuietly(tmp);
        throw e;
      }
      for (SharedFile f : added) {
        lineage.put(f.localName(), f);
      }
      return tmp;
    }

    @Override
    public void discard() {
      try {
        StoreFiles.deleteRecursively(dir);
      } catch (UncheckedIOException e) {
        LOG.warn("Cannot delete local checkpoint {}", dir, e);
      }
    }
  }

  private static String sharedName(String localName) {
    String id = UUID.randomUUID().toString();
    int dot = localName.lastIndexOf('.');
    return dot > 0
        ? localName.substring(0, dot) + "-" + id + localName.substring(dot)
        : localName + "-" + id;
  }

  /** Copies a file, fsyncs the copy, and returns the CRC32C of its bytes. */
  private static int copy(Path from, Path to, long[] size) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                to,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      while (in.read(buf) >= 0) {
        buf.flip();
        crc.update(buf.duplicate());
        size[0] += buf.remaining();
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        buf.clear();
      }
      out.force(true);
    }
    return (int) crc.getValue();
  }

  @Override
  protected void deleteUnreferencedSharedFiles(NavigableSet<Long> retainedSnapshots) {
    Path sstDir = files().sstDir();
    if (!Files.isDirectory(sstDir)) {
      return;
    }
    Set<String> referenced = new HashSet<>();
    for (long v : retainedSnapshots) {
      List<SharedFile> list = new ArrayList<>();
      try {
        readManifest(files().snapshot(v), v, list);
      } catch (CheckpointException e) {
        LOG.warn("Not deleting shared state files: cannot read snapshot {}", v, e);
        return;
      }
      list.forEach(f -> referenced.add(f.sharedName()));
    }
    TreeSet<Path> unreferenced = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(sstDir)) {
      for (Path p : ds) {
        if (!referenced.contains(p.getFileName().toString())) {
          unreferenced.add(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot list {}", sstDir, e);
      return;
    }
    unreferenced.forEach(StoreFiles::deleteQuietly);
  }

  @Override
  protected void invalidate() {
    closeDb();
  }

  @Override
  protected void releaseResources() {
    closeDb();
    try {
      StoreFiles.deleteRecursively(workDir);
    } catch (UncheckedIOException e) {
      LOG.warn("Cannot delete local state directory {}", workDir, e);
    }
  }

  private void closeDb() {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  /** One open RocksDB instance and the native objects configured for it. */
  private final class Instance implements Backend {
    private final Options options;
    private final BloomFilter bloom;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    Instance(Path dir) {
      bloom = new BloomFilter(10, false);
      // Index and filter blocks live in the bounded cache. Partitioned, so a cache miss loads a
      // small partition rather than a whole multi-MB index or filter of a large SST file (which
      // thrashes a full cache); only the small top level stays pinned.
      BlockBasedTableConfig table =
          new BlockBasedTableConfig()
              .setBlockCache(memory.cache())
              .setBlockSize(16 << 10)
              .setCacheIndexAndFilterBlocks(true)
              .setCacheIndexAndFilterBlocksWithHighPriority(true)
              .setIndexType(IndexType.kTwoLevelIndexSearch)
              .setPartitionFilters(true)
              .setMetadataBlockSize(4096)
              .setPinTopLevelIndexAndFilter(true)
              .setFilterPolicy(bloom);
      options =
          new Options()
              .setCreateIfMissing(true)
              .setWriteBufferManager(memory.writeBufferManager())
              .setWriteBufferSize(conf.get(StateStoreOptions.WRITE_BUFFER_SIZE_BYTES))
              .setTableFormatConfig(table)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
              .setKeepLogFileNum(2)
              .setMaxLogFileSize(1 << 20)
              .setMaxManifestFileSize(16L << 20)
              .setStatsDumpPeriodSec(0)
              .setAvoidFlushDuringShutdown(true);
      writeOptions = new WriteOptions().setDisableWAL(true);
      try {
        db = RocksDB.open(options, dir.toString());
      } catch (RocksDBException e) {
        writeOptions.close();
        options.close();
        bloom.close();
        throw new CheckpointException("Cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
      }
      memory.register(db);
    }

    CheckpointException failure(String what, RocksDBException e) {
      return new CheckpointException(
          "RocksDB " + what + " failed for state store " + id() + ": " + e.getMessage(), e);
    }

    @Override
    public byte[] get(byte[] key) {
      try {
        return db.get(key);
      } catch (RocksDBException e) {
        throw failure("get", e);
      }
    }

    private boolean exists(byte[] key) throws RocksDBException {
      // The bloom filters answer "absent" for most new keys without reading a data block.
      return db.keyMayExist(key, null) && db.get(key) != null;
    }

    @Override
    public boolean put(byte[] key, byte[] value) {
      try {
        boolean existed = exists(key);
        db.put(writeOptions, key, value);
        return existed;
      } catch (RocksDBException e) {
        throw failure("put", e);
      }
    }

    @Override
    public void putAbsent(byte[] key, byte[] value) {
      try {
        db.put(writeOptions, key, value);
      } catch (RocksDBException e) {
        throw failure("put", e);
      }
    }

    @Override
    public void deleteExisting(byte[] key) {
      try {
        db.delete(writeOptions, key);
      } catch (RocksDBException e) {
        throw failure("delete", e);
      }
    }

    @Override
    public boolean delete(byte[] key) {
      try {
        boolean existed = exists(key);
        if (existed) {
          db.delete(writeOptions, key);
        }
        return existed;
      } catch (RocksDBException e) {
        throw failure("delete", e);
      }
    }

    @Override
    public Cursor scan(byte[] from, byte[] to) {
      ReadOptions ro = new ReadOptions();
      Slice lower = from == null ? null : new Slice(from);
      Slice upper = to == null ? null : new Slice(to);
      if (lower != null) {
        ro.setIterateLowerBound(lower);
      }
      if (upper != null) {
        ro.setIterateUpperBound(upper);
      }
      RocksIterator it = db.newIterator(ro);
      if (from == null) {
        it.seekToFirst();
      } else {
        it.seek(from);
      }
      return new Cursor() {
        private boolean closed;

        @Override
        public boolean valid() {
          if (it.isValid()) {
            return true;
          }
          try {
            it.status();
          } catch (RocksDBException e) {
            throw failure("iteration", e);
          }
          return false;
        }

        @Override
        public byte[] key() {
          return it.key();
        }

        @Override
        public byte[] value() {
          return it.value();
        }

        @Override
        public void next() {
          it.next();
        }

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            it.close();
            ro.close();
            if (lower != null) {
              lower.close();
            }
            if (upper != null) {
              upper.close();
            }
          }
        }
      };
    }

    @Override
    public long memoryBytes() {
      try {
        return db.getLongProperty("rocksdb.cur-size-all-mem-tables")
            + db.getLongProperty("rocksdb.estimate-table-readers-mem");
      } catch (RocksDBException e) {
        return -1;
      }
    }

    @Override
    public void commitBatch() {}

    @Override
    public boolean rollbackBatch() {
      return false;
    }

    void close() {
      memory.unregister(db);
      db.close();
      writeOptions.close();
      options.close();
      bloom.close();
    }
  }
}
