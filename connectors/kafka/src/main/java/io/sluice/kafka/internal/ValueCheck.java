package io.sluice.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.api.AnalysisException;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The source's reader-side check of record values ({@code valueFormat}): a value that fails goes to
 * the dead-letter topic with the returned error. Implementations are thread-safe.
 */
interface ValueCheck {
  /**
   * Checks one value.
   *
   * @param value the bytes (null for a tombstone, which passes)
   * @return null if the value is well-formed, else the error
   */
  String check(byte[] value);

  /** @return a description, e.g. {@code json} */
  String describe();

  static ValueCheck create(String format, String schema, String registryUrl) {
    if (format.equals("json")) {
      if (schema != null || registryUrl != null) {
        throw new AnalysisException("valueFormat=json checks that each value is a JSON object and takes "
            + "no 'valueSchema' or 'valueSchemaRegistryUrl'; parse fields with fromJson downstream");
      }
      return new Json();
    }
    Schema parsed = null;
    if (schema != null) {
      try {
        parsed = new Schema.Parser().parse(schema);
      } catch (SchemaParseException e) {
        throw new AnalysisException("Option 'valueSchema' is not a valid Avro schema: " + e.getMessage(), e);
      }
    }
    if (registryUrl != null) {
      return new ConfluentAvro(new SchemaRegistryClient(registryUrl, java.util.Map.of()));
    }
    if (parsed == null) {
      throw new AnalysisException("valueFormat=avro needs 'valueSchema' (the writer's Avro schema) "
          + "or 'valueSchemaRegistryUrl' (Confluent-framed values)");
    }
    return new PlainAvro(parsed);
  }

  /** A value must be one JSON object and nothing after it. */
  final class Json implements ValueCheck {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public String check(byte[] value) {
      if (value == null) {
        return null;
      }
      try (JsonParser p = FACTORY.createParser(value)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return "value is not a JSON object";
        }
        p.skipChildren();
        if (p.nextToken() != null) {
          return "content after the JSON object";
        }
        return null;
      } catch (IOException e) {
        return "malformed JSON: " + e.getMessage().replace('\n', ' ');
      }
    }

    @Override
    public String describe() {
      return "json";
    }
  }

  /** A value must decode, whole, with the writer schema. */
  final class PlainAvro implements ValueCheck {
    private final Schema schema;

    PlainAvro(Schema schema) {
      this.schema = schema;
    }

    @Override
    public String check(byte[] value) {
      return value == null ? null : decodes(schema, value, 0);
    }

    @Override
    public String describe() {
      return "avro";
    }
  }

  /** A value must be Confluent-framed and decode with the schema its id names. */
  final class ConfluentAvro implements ValueCheck {
    private final SchemaRegistryClient registry;

    ConfluentAvro(SchemaRegistryClient registry) {
      this.registry = registry;
    }

    @Override
    public String check(byte[] value) {
      if (value == null) {
        return null;
      }
      if (value.length < 5 || value[0] != 0) {
        return "not in the Confluent wire format (magic byte 0 + 4-byte schema id)";
      }
      int id = ConfluentFraming.schemaId(value);
      Schema writer;
      try {
        writer = registry.schema(id);
      } catch (RuntimeException e) {
        return "schema id " + id + ": " + e.getMessage();
      }
      return decodes(writer, value, 5);
    }

    @Override
    public String describe() {
      return "avro (Confluent wire format)";
    }
  }

  private static String decodes(Schema schema, byte[] value, int offset) {
    try {
      BinaryDecoder d = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, null);
      new GenericDatumReader<Object>(schema).read(null, d);
      if (!d.isEnd()) {
        return "bytes left after the Avro record";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "malformed Avro: " + e;
    }
  }
}
