package io.sluice.state;

import java.nio.file.Path;

/**
 * Creates {@link StateCodec}s; found with {@link java.util.ServiceLoader}. Implemented by this
 * module; users call {@link StateCodec#open} instead.
 */
public interface StateCodecFactory {

  /**
   * Opens a codec, see {@link StateCodec#open}.
   *
   * @param checkpointLocation the checkpoint root
   * @param operatorId the operator
   * @param schema the schema in use
   * @return the codec
   * @throws StateSchemaIncompatibleException if the state cannot be read with {@code schema}
   */
  StateCodec open(Path checkpointLocation, long operatorId, StateSchema schema);
}
