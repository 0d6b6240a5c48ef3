package io.sluice.state;

import java.util.NavigableSet;

/**
 * Opens the versions of one {@link StateStore} (one operator, one partition), keeps them
 * recoverable in the checkpoint, and maintains their files. Obtain one with
 * {@link StateStoreProviders#open(StateStoreId, StateStoreConf)}; keep it across batches so the
 * next batch reuses the state just committed instead of reloading it; close it when the query
 * stops.
 *
 * <p>At most one store per provider is open at a time. The methods are thread-safe; background
 * maintenance runs concurrently with the batches.
 */
public interface StateStoreProvider extends AutoCloseable {

  /** @return which store this provider serves */
  StateStoreId id();

  /**
   * Opens the store at {@code version} for one batch. Opening the version last committed by this
   * provider is cheap (its state is already loaded); any other version is loaded from the
   * checkpoint: the newest snapshot at or below it, then the changelogs up to it.
   *
   * @param version {@code 0} for the empty store, or a committed version
   * @return the store, to commit or abort
   * @throws io.sluice.api.CheckpointException if the version was never committed (the message
   *     names the directory and the versions that exist), or a file it needs is missing, truncated
   *     or corrupt (the message names the file and the version)
   * @throws IllegalArgumentException if {@code version} is negative
   * @throws IllegalStateException if another store of this provider is still open, or the provider
   *     is closed
   */
  StateStore getStore(long version);

  /**
   * Lists the versions whose files exist in the checkpoint (a changelog or a snapshot), plus 0.
   *
   * @return the versions, ascending
   */
  NavigableSet<Long> committedVersions();

  /**
   * Runs maintenance now: uploads a pending snapshot, then deletes the files no retained version
   * needs (the newest {@link StateStoreOptions#MIN_BATCHES_TO_RETAIN} versions stay loadable) and
   * orphan temporary files. Also runs periodically in the background.
   *
   * @throws io.sluice.api.CheckpointException if the snapshot cannot be written; nothing a
   *     committed version needs is deleted then
   */
  void doMaintenance();

  /**
   * Aborts an open store, uploads a pending snapshot if any (best effort), and releases local
   * resources (the local RocksDB instance and its working directory). Idempotent.
   */
  @Override
  void close();
}
