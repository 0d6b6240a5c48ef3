/**
 * The checkpoint of a streaming query: a directory holding the query id, the write-ahead offset
 * log, the commit log, per-source logs and state, opened by one running query at a time through
 * {@link io.sluice.checkpoint.Checkpoint}. Every file is written once, atomically, with a version
 * line first; a file that cannot be used is reported as a {@link io.sluice.api.CheckpointException}
 * naming it.
 */
package io.sluice.checkpoint;
