package io.sluice.api.connector;

import io.sluice.api.OutputMode;
import io.sluice.api.types.StructType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a sink is created with.
 *
 * @param options the user's options
 * @param schema the schema of the rows it will receive
 * @param outputMode the query's output mode
 * @param queryId the query id (stable across restarts: use it to make commits idempotent)
 * @param queryName the query name, or null
 * @param keyColumns the grouping key columns of an update-mode aggregation (empty otherwise)
 * @param metadataDir a checkpoint directory the sink may use ({@code sinks/}), or null
 * @param sessionConf the session configuration
 */
public record SinkContext(
    ConnectorOptions options,
    StructType schema,
    OutputMode outputMode,
    UUID queryId,
    String queryName,
    List<String> keyColumns,
    Path metadataDir,
    Map<String, String> sessionConf) {}
