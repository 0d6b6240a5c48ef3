package io.sluice.api.connector;

import io.sluice.api.types.StructType;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a source is created with.
 *
 * @param options the user's options
 * @param userSchema the schema given with {@code schema(..)}, or null
 * @param metadataDir a checkpoint directory the source may use for its own logs
 *     ({@code sources/<i>/}), or null for a batch read
 * @param sessionConf the session configuration
 */
public record SourceContext(
    ConnectorOptions options, StructType userSchema, Path metadataDir, Map<String, String> sessionConf) {}
