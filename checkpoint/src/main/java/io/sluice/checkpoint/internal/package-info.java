/**
 * Implementation of the checkpoint module: file formats, the batch-file log and the directory
 * lock. Private API by contract: no other module may use it.
 */
package io.sluice.checkpoint.internal;
