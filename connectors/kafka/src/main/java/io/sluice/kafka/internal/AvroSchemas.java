package io.sluice.kafka.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.types.DataType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Entry points for the public API that keep Avro types out of its signatures. */
public final class AvroSchemas {
  private AvroSchemas() {}

  /**
   * Maps an Avro schema to a Sluice type.
   *
   * @param json the Avro schema JSON
   * @return the type
   */
  public static DataType toSluiceType(String json) {
    try {
      return AvroTypes.toSluice(new Schema.Parser().parse(json));
    } catch (SchemaParseException e) {
      throw new AnalysisException("Not a valid Avro schema: " + e.getMessage(), e);
    }
  }
}
