package io.sluice.state;

/**
 * One key and its value, as returned by a {@link StateIterator}. The arrays belong to the caller:
 * the store never reuses or modifies them after returning the entry.
 *
 * @param key the encoded key
 * @param value the encoded value
 */
@SuppressWarnings("ArrayRecordComponent")
public record StateEntry(byte[] key, byte[] value) {}
