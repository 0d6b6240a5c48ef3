package io.sluice.checkpoint;

/**
 * The commit entry of one batch ({@code commits/<N>}): written after the sink committed the batch;
 * its presence means batch N is done.
 *
 * @param nextBatchWatermarkMs the watermark the next batch runs with, epoch millis
 */
public record CommitEntry(long nextBatchWatermarkMs) {}
