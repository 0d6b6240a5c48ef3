package io.sluice.state;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Encodes the keys and values of one operator's state: keys with {@link KeyEncoder} (byte order =
 * field order), values as Avro binary prefixed with the id of the schema they were written with.
 * Values written before a compatible schema change are read with their own schema and resolved to
 * the current one (new fields take their defaults). Thread-safe.
 */
public interface StateCodec {

  /**
   * Opens the codec of an operator's state, checking {@code schema} against the one recorded in
   * {@code <checkpointLocation>/state/<operatorId>/_metadata/schema}, or recording it if there is
   * none. The key fields must be unchanged; the value schema must be able to read every value
   * schema recorded before (Avro reader/writer compatibility: fields may be added with a default
   * and removed). A new compatible value schema is appended to the file.
   *
   * @param checkpointLocation the query's checkpoint root
   * @param operatorId the stateful operator
   * @param schema the schema the query uses now
   * @return the codec
   * @throws StateSchemaIncompatibleException if the state cannot be read with {@code schema}; the
   *     message names the operator and the fields
   * @throws io.sluice.api.CheckpointException if the schema file cannot be read or written
   */
  static StateCodec open(Path checkpointLocation, long operatorId, StateSchema schema) {
    for (StateCodecFactory f :
        ServiceLoader.load(StateCodecFactory.class, StateCodec.class.getClassLoader())) {
      return f.open(checkpointLocation, operatorId, schema);
    }
    throw new IllegalStateException("No StateCodecFactory found on the class path");
  }

  /** @return the schema this codec writes with */
  StateSchema schema();

  /** @return the key encoder */
  KeyEncoder keys();

  /**
   * Encodes a value.
   *
   * @param values one per value field, of its {@link FieldType#javaType()}, null where allowed
   * @return the encoding
   * @throws IllegalArgumentException if the count, a class or a null is wrong (naming the field)
   */
  byte[] encodeValue(List<?> values);

  /**
   * Decodes a value written with this schema or an earlier compatible one.
   *
   * @param bytes the encoding
   * @return one value per field of {@link #schema()}, unmodifiable
   * @throws io.sluice.api.CheckpointException if the bytes cannot be decoded
   */
  List<Object> decodeValue(byte[] bytes);
}
