package io.sluice.api;

/**
 * One expectation's counts in a batch's progress.
 *
 * @param name the expectation's name
 * @param action what happens to violating rows
 * @param passedRows rows that met it
 * @param failedRows rows that violated it (false or null)
 */
public record ExpectationProgress(String name, ExpectationAction action, long passedRows, long failedRows) {}
