package io.sluice.state.internal;

import io.sluice.api.CheckpointException;
import io.sluice.state.StateStore;
import io.sluice.state.StateStoreConf;
import io.sluice.state.StateStoreId;
import io.sluice.state.StateStoreOptions;
import io.sluice.state.StateStoreProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version protocol shared by both providers: which files make up a version, loading a version
 * (newest usable snapshot, then changelogs), committing (changelog first, then the in-memory
 * state), snapshots handed from the commit to maintenance, and retention. Subclasses only hold the
 * data ({@link Backend}) and read and write their snapshot format.
 *
 * <p>Two locks: {@code lock} guards the loaded state and is held briefly; {@code maintenanceLock}
 * serialises maintenance runs (snapshot upload, cleanup), which may be slow and must not block the
 * batch.
 */
public abstract class AbstractStateStoreProvider implements StateStoreProvider {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractStateStoreProvider.class);
  private static final long NO_SNAPSHOT = Long.MIN_VALUE / 4;

  private final StateStoreId id;
  private final StoreFiles files;
  private final Runnable onClose;
  private final int minDeltasForSnapshot;
  private final int minBatchesToRetain;
  private final Object lock = new Object();
  private final ReentrantLock maintenanceLock = new ReentrantLock();

  private long loadedVersion = -1;
  private long loadedRows;
  private long lastSnapshotVersion = NO_SNAPSHOT;
  // Incremented whenever a commit replaces files of existing versions, which makes snapshots taken
  // before it stale.
  private long epoch;
  private VersionedStateStore current;
  private Pending pending;
  private boolean closed;

  /** A snapshot taken at commit time, written to the checkpoint later by maintenance. */
  protected interface PendingSnapshot {
    long version();

    /**
     * Writes whatever the snapshot refers to, then its {@code <version>.snapshot} content to a
     * fsynced temporary file, and returns that file (the caller publishes it).
     */
    Path write(StoreFiles files) throws IOException;

    /** Releases local resources; called once, whether written or not. */
    void discard();
  }

  /** Applies changelog records to the loaded state. */
  protected interface Replayer {
    void put(byte[] key, byte[] value);

    void delete(byte[] key);

    void flush();
  }

  private record Pending(PendingSnapshot snapshot, long epoch) {}

  protected AbstractStateStoreProvider(StateStoreId id, StateStoreConf conf, Runnable onClose) {
    this.id = id;
    this.files = new StoreFiles(id.storeDirectory());
    this.onClose = onClose;
    this.minDeltasForSnapshot = conf.get(StateStoreOptions.MIN_DELTAS_FOR_SNAPSHOT);
    this.minBatchesToRetain = conf.get(StateStoreOptions.MIN_BATCHES_TO_RETAIN);
  }

  /** The loaded data; valid after a successful load. */
  protected abstract Backend backend();

  /** Makes the loaded state the empty store. */
  protected abstract void resetToEmpty();

  /**
   * Makes the loaded state the content of snapshot {@code version}.
   *
   * @return the row count of that version
   */
  protected abstract long loadSnapshot(long version);

  protected abstract Replayer replayer();

  /** Captures the loaded state (just committed as {@code version}) for a later upload. */
  protected abstract PendingSnapshot takeSnapshot(long version, long rows);

  /** The loaded state is unusable (partially loaded, or changed by an aborted batch). */
  protected abstract void invalidate();

  protected abstract void releaseResources();

  /** Deletes shared files no retained snapshot refers to; runs under the maintenance lock. */
  protected void deleteUnreferencedSharedFiles(NavigableSet<Long> retainedSnapshots) {}

  @Override
  public StateStoreId id() {
    return id;
  }

  protected StoreFiles files() {
    return files;
  }

  @Override
  public StateStore getStore(long version) {
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("State store provider " + id + " is closed");
      }
      if (current != null) {
        throw new IllegalStateException(
            "State store " + id + " of version " + current.version()
                + " is still open; commit or abort it before opening another");
      }
      ensureLoaded(version);
      current = new VersionedStateStore(this, backend(), version, loadedRows);
      return current;
    }
  }

  @Override
  public NavigableSet<Long> committedVersions() {
    TreeSet<Long> versions = new TreeSet<>(files.list().versions());
    versions.add(0L);
    return versions;
  }

  private void ensureLoaded(long version) {
    if (loadedVersion == version) {
      return;
    }
    if (version == 0) {
      loadedVersion = -1;
      resetToEmpty();
      loadedVersion = 0;
      loadedRows = 0;
      lastSnapshotVersion = 0;
      return;
    }
    StoreFiles.Listing listing = files.list();
    if (!listing.contains(version)) {
      throw new CheckpointException(
          "Cannot load state version " + version + " of operator " + id.operatorId()
              + ", partition " + id.partition() + " from " + files.dir()
              + ": that version was never committed; committed versions: "
              + StoreFiles.describe(committedVersions()));
    }
    long base = -1;
    for (long s : listing.snapshots().headSet(version, true).descendingSet()) {
      if (listing.hasChangelogs(s, version)) {
        base = s;
        break;
      }
    }
    if (base < 0) {
      if (!listing.hasChangelogs(0, version)) {
        Long newestSnapshot = listing.snapshots().floor(version);
        long from = newestSnapshot == null ? 0 : newestSnapshot;
        long missing = from + 1;
        while (listing.changelogs().contains(missing)) {
          missing++;
        }
        throw new CheckpointException(
            "Cannot load state version " + version + " from " + files.dir() + ": changelog "
                + files.changelog(missing) + " is missing and no snapshot covers it;"
                + " committed versions: " + StoreFiles.describe(committedVersions()));
      }
      base = 0;
    }
    boolean incremental =
        loadedVersion >= 0
            && loadedVersion < version
            && loadedVersion >= base
            && listing.hasChangelogs(loadedVersion, version);
    long from = incremental ? loadedVersion : base;
    long rows = incremental ? loadedRows : 0;
    long previousSnapshot = lastSnapshotVersion;
    loadedVersion = -1;
    try {
      if (!incremental) {
        if (base == 0) {
          resetToEmpty();
        } else {
          rows = loadSnapshot(base);
        }
      }
      for (long v = from + 1; v <= version; v++) {
        rows = replay(v);
      }
    } catch (CheckpointException e) {
      invalidate();
      throw new CheckpointException(
          "Cannot load state version " + version + " of operator " + id.operatorId()
              + ", partition " + id.partition() + ": " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      invalidate();
      throw e;
    }
    loadedVersion = version;
    loadedRows = rows;
    lastSnapshotVersion = incremental ? Math.max(previousSnapshot, base) : base;
    if (pending != null && pending.snapshot().version() <= version) {
      // Taken before the reload and not uploaded yet; still a snapshot of this lineage.
      lastSnapshotVersion = Math.max(lastSnapshotVersion, pending.snapshot().version());
    }
  }

  private long replay(long version) {
    Replayer r = replayer();
    Path file = files.changelog(version);
    RecordFileReader.Trailer t =
        RecordFileReader.read(
            file,
            RecordKind.CHANGELOG,
            version,
            (op, a, b) -> {
              if (op == RecordFileWriter.PUT) {
                r.put(a, b);
              } else if (op == RecordFileWriter.DELETE) {
                r.delete(a);
              } else {
                throw RecordFileReader.corrupt(file, version, "unexpected record type " + op);
              }
            });
    r.flush();
    return t.rows();
  }

  void commit(VersionedStateStore store) {
    synchronized (lock) {
      if (store != current) {
        throw new IllegalStateException("State store " + id + " is not the open store");
      }
      current = null;
      long newVersion = store.version() + 1;
      ChangelogWriter changelog = store.changelog();
      try {
        changelog.seal(store.rows());
        boolean replaced = deleteVersionsFrom(newVersion);
        changelog.publish();
        if (replaced) {
          epoch++;
          if (pending != null && pending.snapshot().version() >= newVersion) {
            pending.snapshot().discard();
            pending = null;
          }
        }
      } catch (IOException | RuntimeException e) {
        changelog.discard();
        loadedVersion = -1;
        invalidate();
        if (e instanceof CheckpointException ce) {
          throw ce;
        }
        throw new CheckpointException(
            "Cannot commit state version " + newVersion + " to " + files.dir() + ": " + e, e);
      }
      backend().commitBatch();
      loadedVersion = newVersion;
      loadedRows = store.rows();
      if (newVersion - lastSnapshotVersion >= minDeltasForSnapshot) {
        try {
          PendingSnapshot snapshot = takeSnapshot(newVersion, loadedRows);
          if (pending != null) {
            pending.snapshot().discard();
          }
          pending = new Pending(snapshot, epoch);
          lastSnapshotVersion = newVersion;
        } catch (RuntimeException e) {
          // The version is committed; only recovery gets slower. Retried at the next commit.
          LOG.warn("Cannot take a snapshot of state {} at version {}", id, newVersion, e);
        }
      }
    }
  }

  /**
   * Deletes files of versions at or above {@code version}: a batch is being re-executed after a
   * failure, and those versions belong to the abandoned run. Newest first, so that a crash in
   * between leaves a consistent prefix of versions.
   */
  private boolean deleteVersionsFrom(long version) throws IOException {
    StoreFiles.Listing listing = files.list();
    List<Path> stale = new ArrayList<>();
    for (long v : listing.versions().tailSet(version, true).descendingSet()) {
      if (listing.snapshots().contains(v)) {
        stale.add(files.snapshot(v));
      }
      if (listing.changelogs().contains(v)) {
        stale.add(files.changelog(v));
      }
    }
    if (!stale.isEmpty()) {
      LOG.warn("Re-committing state version {} of {}: replacing {}", version, id, stale);
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
    return !stale.isEmpty();
  }

  void abort(VersionedStateStore store) {
    synchronized (lock) {
      if (store != current) {
        return;
      }
      current = null;
      store.changelog().discard();
      // A batch that only read changed nothing: RocksDB then keeps its instance.
      if (store.hasWritten() && !backend().rollbackBatch()) {
        loadedVersion = -1;
        invalidate();
      }
    }
  }

  @Override
  public void doMaintenance() {
    maintenanceLock.lock();
    try {
      Pending p;
      synchronized (lock) {
        if (closed) {
          return;
        }
        p = pending;
        pending = null;
      }
      if (p != null) {
        upload(p);
      }
      cleanup();
    } finally {
      maintenanceLock.unlock();
    }
  }

  private void upload(Pending p) {
    long version = p.snapshot().version();
    Path tmp = null;
    try {
      tmp = p.snapshot().write(files);
      synchronized (lock) {
        if (p.epoch() != epoch) {
          LOG.info("Dropping snapshot {} of {}: its version was re-committed", version, id);
          return;
        }
        Path target = files.snapshot(version);
        if (!Files.exists(target)) {
          StoreFiles.publish(tmp, target);
          tmp = null;
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (lock) {
        lastSnapshotVersion = NO_SNAPSHOT;
      }
      throw new CheckpointException(
          "Cannot write state snapshot " + files.snapshot(version) + " (version " + version + "): "
              + e,
          e);
    } finally {
      if (tmp != null) {
        StoreFiles.deleteQuietly(tmp);
      }
      p.snapshot().discard();
    }
  }

  private void cleanup() {
    StoreFiles.Listing listing = files.list();
    long latest = listing.latest();
    if (latest > 0) {
      long oldestRetained = Math.max(1, latest - minBatchesToRetain + 1);
      Long floor = listing.snapshots().floor(oldestRetained);
      if (floor != null) {
        for (long s : listing.snapshots().headSet(floor, false)) {
          StoreFiles.deleteQuietly(files.snapshot(s));
        }
        for (long c : listing.changelogs().headSet(floor, true)) {
          StoreFiles.deleteQuietly(files.changelog(c));
        }
      }
    }
    deleteUnreferencedSharedFiles(files.list().snapshots());
    deleteOrphanTempFiles(files.dir());
  }

  /** Deletes temp files a crash left behind, except the one the open store is writing. */
  protected void deleteOrphanTempFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> temps = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (StoreFiles.isTemp(p)) {
          temps.add(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot list {} for cleanup", dir, e);
      return;
    }
    Path active;
    synchronized (lock) {
      active = current == null ? null : current.changelog().tempFile();
    }
    for (Path p : temps) {
      if (!p.equals(active)) {
        StoreFiles.deleteQuietly(p);
      }
    }
  }

  @Override
  public void close() {
    Pending p;
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (current != null) {
        current.abort();
      }
      closed = true;
      p = pending;
      pending = null;
    }
    maintenanceLock.lock();
    try {
      if (p != null) {
        try {
          upload(p);
        } catch (RuntimeException e) {
          LOG.warn("Cannot write the last snapshot of {} while closing", id, e);
        }
      }
      synchronized (lock) {
        releaseResources();
      }
    } finally {
      maintenanceLock.unlock();
      MaintenanceService.unregister(this);
      onClose.run();
    }
  }
}
