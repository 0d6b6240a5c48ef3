package io.sluice.kafka;

import io.sluice.api.Column;
import io.sluice.api.Functions;
import io.sluice.api.types.DataType;
import io.sluice.kafka.internal.AvroFunctionProvider;
import io.sluice.kafka.internal.AvroSchemas;
import java.util.Map;

/**
 * Avro payload functions, like Spark's {@code from_avro} / {@code to_avro}: values decode straight
 * into column vectors, with no record objects.
 *
 * <p>Type mapping: record → struct; array → array; map → {@code array<struct<key:string,value>>}
 * (Sluice has no map type); union of null and one type → that type, nullable; other unions → struct
 * of {@code member0..n}; enum → string; bytes/fixed → binary; int → int; long → bigint; float and
 * double → double; {@code timestamp-millis}/{@code timestamp-micros} → timestamp; {@code date} →
 * date; {@code decimal} → double (it may round: Sluice has no decimal type).
 *
 * <p>Options (a map; all optional):
 * <ul>
 *   <li>{@value #MODE}: {@code FAILFAST} (default, as Spark: a malformed payload fails the batch),
 *       {@code PERMISSIVE} (null), {@code DROPMALFORMED} (the row is dropped);
 *   <li>{@value #WIRE_FORMAT}: {@code plain} (default: the bytes are one Avro value of the schema)
 *       or {@code confluent} (magic byte 0, 4-byte big-endian schema id, then the value);
 *   <li>{@value #SCHEMA_REGISTRY_URL}: with {@code confluent}, where writer schemas are fetched by
 *       id ({@code GET <url>/schemas/ids/<id>}, cached);
 *   <li>{@value #SCHEMA_PREFIX}{@code <id>}: with {@code confluent}, the writer schema JSON of an id
 *       (checked before the registry);
 *   <li>{@value #SCHEMA_ID}: {@code to_avro} with {@code confluent}: the id written in each header.
 * </ul>
 * With {@code confluent}, the schema argument of {@code fromAvro} is the reader schema: each value
 * is resolved from its writer schema by Avro's rules.
 */
public final class AvroFunctions {
  /** Option: how malformed payloads are handled. */
  public static final String MODE = "mode";
  /** Option: {@code plain} or {@code confluent}. */
  public static final String WIRE_FORMAT = "wireFormat";
  /** Option: schema registry base URL. */
  public static final String SCHEMA_REGISTRY_URL = "schemaRegistryUrl";
  /** Option prefix: {@code schema.<id>} = writer schema JSON. */
  public static final String SCHEMA_PREFIX = "schema.";
  /** Option of {@code toAvro}: the schema id written in the Confluent header. */
  public static final String SCHEMA_ID = "schemaId";

  private AvroFunctions() {}

  /**
   * Decodes Avro binary written with {@code avroSchemaJson}; malformed payloads fail the batch.
   *
   * @param data a binary column
   * @param avroSchemaJson the Avro schema, as JSON
   * @return a column of the mapped type (a struct for a record schema)
   */
  public static Column fromAvro(Column data, String avroSchemaJson) {
    return Functions.callFunction("from_avro", data, avroSchemaJson);
  }

  /**
   * Decodes Avro binary with options (see the class comment).
   *
   * @param data a binary column
   * @param avroSchemaJson the (reader) Avro schema, as JSON
   * @param options the options
   * @return a column of the mapped type
   */
  public static Column fromAvro(Column data, String avroSchemaJson, Map<String, String> options) {
    return Functions.callFunction("from_avro", data, avroSchemaJson, AvroFunctionProvider.encodeOptions(options));
  }

  /**
   * Encodes a value as Avro binary with a schema derived from its type (a struct becomes a record
   * named {@code topLevelRecord}; nullable fields become unions with null; timestamps
   * {@code timestamp-micros}).
   *
   * @param value any column
   * @return a binary column
   */
  public static Column toAvro(Column value) {
    return Functions.callFunction("to_avro", value);
  }

  /**
   * Encodes a value as Avro binary with a given schema (struct fields matched by name).
   *
   * @param value any column
   * @param avroSchemaJson the Avro schema, as JSON
   * @param options {@value #WIRE_FORMAT} and {@value #SCHEMA_ID}, or empty
   * @return a binary column
   */
  public static Column toAvro(Column value, String avroSchemaJson, Map<String, String> options) {
    return Functions.callFunction("to_avro", value, avroSchemaJson, AvroFunctionProvider.encodeOptions(options));
  }

  /**
   * The Sluice type an Avro schema maps to (what {@link #fromAvro(Column, String)} returns).
   *
   * @param avroSchemaJson the Avro schema, as JSON
   * @return the type
   * @throws io.sluice.api.AnalysisException if the schema is invalid or cannot be mapped
   */
  public static DataType toSluiceType(String avroSchemaJson) {
    return AvroSchemas.toSluiceType(avroSchemaJson);
  }
}
