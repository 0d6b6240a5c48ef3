package io.sluice.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.AnalysisException;
import io.sluice.api.SluiceException;
import io.sluice.api.connector.FunctionContext;
import io.sluice.api.connector.ScalarFunction;
import io.sluice.api.connector.ScalarFunctionProvider;
import io.sluice.api.data.BytesVector;
import io.sluice.api.data.ColumnVector;
import io.sluice.api.types.DataType;
import io.sluice.api.types.DataTypes;
import io.sluice.api.types.StructType;
import io.sluice.kafka.AvroFunctions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.ResolvingDecoder;

/**
 * Binds {@code from_avro(data, schemaJson[, optionsJson])} and {@code to_avro(value[, schemaJson[,
 * optionsJson]])}, the functions behind {@link AvroFunctions}. The schema and options must be
 * constants; they are parsed and checked once, at analysis.
 */
public final class AvroFunctionProvider implements ScalarFunctionProvider {
  static final String FROM_AVRO = "from_avro";
  static final String TO_AVRO = "to_avro";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How malformed payloads are handled. */
  enum Mode { PERMISSIVE, DROPMALFORMED, FAILFAST }

  @Override
  public Set<String> names() {
    return Set.of(FROM_AVRO, TO_AVRO);
  }

  @Override
  public ScalarFunction bind(String name, List<DataType> argTypes, List<Object> literalArgs) {
    if (name.equals(FROM_AVRO)) {
      if (argTypes.size() < 2 || argTypes.size() > 3) {
        throw new AnalysisException("from_avro takes (data binary, avroSchemaJson string[, options]), got "
            + argTypes.size() + " arguments");
      }
      if (argTypes.get(0) != DataTypes.BINARY && argTypes.get(0) != DataTypes.STRING
          && argTypes.get(0) != DataTypes.NULL) {
        throw new AnalysisException("from_avro reads a binary column, not " + argTypes.get(0).simpleString());
      }
      Schema schema = schema(constant(literalArgs, 1, "from_avro", "the Avro schema JSON"), "from_avro");
      Map<String, String> options = options(literalArgs, 2, "from_avro");
      return new FromAvro(schema, options);
    }
    if (argTypes.isEmpty() || argTypes.size() > 3) {
      throw new AnalysisException("to_avro takes (value[, avroSchemaJson[, options]]), got " + argTypes.size()
          + " arguments");
    }
    String schemaJson = argTypes.size() >= 2 ? (String) literalArgs.get(1) : null;
    if (argTypes.size() >= 2 && literalArgs.get(1) == null && argTypes.get(1) != DataTypes.NULL) {
      throw new AnalysisException("to_avro's schema must be a constant string");
    }
    Schema schema = schemaJson == null
        ? AvroTypes.toAvro(argTypes.get(0), false, "topLevelRecord", null)
        : schema(schemaJson, "to_avro");
    return new ToAvro(argTypes.get(0), schema, options(literalArgs, 2, "to_avro"));
  }

  private static String constant(List<Object> literals, int i, String fn, String what) {
    if (i >= literals.size() || !(literals.get(i) instanceof String s)) {
      throw new AnalysisException(fn + " needs " + what + " as a constant string");
    }
    return s;
  }

  private static Schema schema(String json, String fn) {
    try {
      return new Schema.Parser().parse(json);
    } catch (SchemaParseException e) {
      throw new AnalysisException(fn + ": not a valid Avro schema: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> options(List<Object> literals, int i, String fn) {
    if (i >= literals.size() || literals.get(i) == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(constant(literals, i, fn, "options (a JSON object of strings)"),
          new TypeReference<TreeMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new AnalysisException(fn + " options must be a JSON object of strings: " + e.getOriginalMessage(), e);
    }
  }

  /** Encodes options for the function call (sorted, so equal options give equal plans). */
  public static String encodeOptions(Map<String, String> options) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(options));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static boolean confluent(Map<String, String> options, String fn) {
    String wire = options.getOrDefault(AvroFunctions.WIRE_FORMAT, "plain").toLowerCase(Locale.ROOT);
    if (!wire.equals("plain") && !wire.equals("confluent")) {
      throw new AnalysisException(fn + " option '" + AvroFunctions.WIRE_FORMAT + "' must be plain or confluent, not "
          + wire);
    }
    return wire.equals("confluent");
  }

  private static void checkKnown(Map<String, String> options, String fn, Set<String> known) {
    for (String k : options.keySet()) {
      if (!known.contains(k) && !(fn.equals(FROM_AVRO) && k.startsWith(AvroFunctions.SCHEMA_PREFIX))) {
        throw new AnalysisException("Unknown " + fn + " option '" + k + "'; known: " + new java.util.TreeSet<>(known)
            + (fn.equals(FROM_AVRO) ? " and " + AvroFunctions.SCHEMA_PREFIX + "<id>" : ""));
      }
    }
  }

  /** {@code from_avro}: Avro binary (plain or Confluent-framed) → the reader schema's type. */
  static final class FromAvro implements ScalarFunction {
    private final Schema reader;
    private final DataType type;
    private final Mode mode;
    private final boolean confluent;
    private final SchemaRegistryClient registry;
    private final AvroVectorReader.Node node;
    private final ThreadLocal<Map<Integer, ResolvingDecoder>> decoders = ThreadLocal.withInitial(HashMap::new);

    FromAvro(Schema reader, Map<String, String> options) {
      checkKnown(options, FROM_AVRO, Set.of(AvroFunctions.MODE, AvroFunctions.WIRE_FORMAT,
          AvroFunctions.SCHEMA_REGISTRY_URL));
      this.reader = reader;
      this.type = AvroTypes.toSluice(reader);
      try {
        this.mode = Mode.valueOf(options.getOrDefault(AvroFunctions.MODE, "FAILFAST").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new AnalysisException("from_avro option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST", e);
      }
      this.confluent = confluent(options, FROM_AVRO);
      Map<Integer, String> fixed = new LinkedHashMap<>();
      options.forEach((k, v) -> {
        if (k.startsWith(AvroFunctions.SCHEMA_PREFIX)) {
          try {
            fixed.put(Integer.parseInt(k.substring(AvroFunctions.SCHEMA_PREFIX.length())), v);
          } catch (NumberFormatException e) {
            throw new AnalysisException("from_avro option '" + k + "' must be schema.<numeric id>");
          }
        }
      });
      String url = options.get(AvroFunctions.SCHEMA_REGISTRY_URL);
      if (confluent && url == null && fixed.isEmpty()) {
        throw new AnalysisException("from_avro with wireFormat=confluent needs 'schemaRegistryUrl' or "
            + "'schema.<id>' options to find the writer schemas");
      }
      try {
        this.registry = confluent ? new SchemaRegistryClient(url, fixed) : null;
      } catch (SchemaParseException e) {
        throw new AnalysisException("from_avro: a schema.<id> option is not a valid Avro schema: " + e.getMessage(), e);
      }
      this.node = AvroVectorReader.compile(reader);
    }

    @Override
    public DataType resultType() {
      return type;
    }

    @Override
    public ColumnVector eval(ColumnVector[] args, int numRows, FunctionContext ctx) {
      ColumnVector out = ColumnVector.allocate(type, numRows);
      if (!(args[0] instanceof BytesVector in)) {
        for (int row = 0; row < numRows; row++) {
          out.appendNull();
        }
        return out;
      }
      AvroVectorReader.Scratch scratch = new AvroVectorReader.Scratch();
      Map<Integer, ResolvingDecoder> byId = decoders.get();
      BinaryDecoder bd = null;
      for (int row = 0; row < numRows; row++) {
        if (in.isNull(row)) {
          out.appendNull();
          continue;
        }
        byte[] data = in.data();
        int off = in.offset(row);
        int len = in.length(row);
        int before = out.size();
        String error;
        try {
          int id = -1;
          if (confluent) {
            if (!ConfluentFraming.isFramed(data, off, len)) {
              throw new IOException("not in the Confluent wire format (magic byte 0 + 4-byte schema id)");
            }
            id = ConfluentFraming.schemaId(data, off);
            off += ConfluentFraming.HEADER;
            len -= ConfluentFraming.HEADER;
          }
          ResolvingDecoder rd = decoder(byId, id);
          bd = DecoderFactory.get().binaryDecoder(data, off, len, bd);
          rd.configure(bd);
          node.read(rd, out, scratch);
          rd.drain();
          if (!bd.isEnd()) {
            throw new IOException("bytes left after the Avro value");
          }
          continue;
        } catch (SchemaLookupException e) {
          throw new SluiceException("from_avro cannot find the writer schema: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
          error = e.toString();
          // Drop whatever the failed value appended part-way: keep the rows before it.
          out = keepFirst(out, before);
        }
        switch (mode) {
          case FAILFAST:
            throw new SluiceException("Malformed Avro record in from_avro: " + error
                + ". To get null for malformed records instead, use the option mode=PERMISSIVE; to drop "
                + "them, mode=DROPMALFORMED");
          case DROPMALFORMED:
            ctx.markDropped(row);
            out.appendNull();
            break;
          default:
            out.appendNull();
        }
      }
      return out;
    }

    private ResolvingDecoder decoder(Map<Integer, ResolvingDecoder> byId, int id) throws IOException {
      ResolvingDecoder rd = byId.get(id);
      if (rd == null) {
        Schema writer;
        try {
          writer = id < 0 ? reader : registry.schema(id);
        } catch (RuntimeException e) {
          throw new SchemaLookupException(e.getMessage(), e);
        }
        rd = DecoderFactory.get().resolvingDecoder(writer, reader, null);
        byId.put(id, rd);
      }
      return rd;
    }

    private static ColumnVector keepFirst(ColumnVector v, int n) {
      int[] positions = new int[n];
      for (int i = 0; i < n; i++) {
        positions[i] = i;
      }
      return v.select(positions, n);
    }
  }

  /** A writer schema that cannot be found fails the batch in every mode: the data is not at fault. */
  static final class SchemaLookupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SchemaLookupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code to_avro}: a value → Avro binary (plain or Confluent-framed). */
  static final class ToAvro implements ScalarFunction {
    private final AvroVectorWriter.Node node;
    private final int schemaId;

    ToAvro(DataType type, Schema schema, Map<String, String> options) {
      checkKnown(options, TO_AVRO, Set.of(AvroFunctions.WIRE_FORMAT, AvroFunctions.SCHEMA_ID));
      boolean confluent = confluent(options, TO_AVRO);
      if (confluent) {
        String id = options.get(AvroFunctions.SCHEMA_ID);
        if (id == null) {
          throw new AnalysisException("to_avro with wireFormat=confluent needs the option 'schemaId'");
        }
        try {
          this.schemaId = Integer.parseInt(id);
        } catch (NumberFormatException e) {
          throw new AnalysisException("to_avro option 'schemaId' must be a number, not " + id, e);
        }
      } else {
        this.schemaId = -1;
      }
      // The top-level value of a record schema may be null: the result is then null.
      DataType t = type == DataTypes.NULL && schema.getType() == Schema.Type.RECORD ? StructType.empty() : type;
      this.node = AvroVectorWriter.compile(t, schema, "value");
    }

    @Override
    public DataType resultType() {
      return DataTypes.BINARY;
    }

    @Override
    public ColumnVector eval(ColumnVector[] args, int numRows, FunctionContext ctx) {
      ColumnVector in = args[0];
      BytesVector out = new BytesVector(DataTypes.BINARY, numRows);
      Buffer buf = new Buffer();
      BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(buf, null);
      for (int row = 0; row < numRows; row++) {
        if (in.isNull(row)) {
          out.appendNull();
          continue;
        }
        buf.reset();
        try {
          if (schemaId >= 0) {
            byte[] header = new byte[ConfluentFraming.HEADER];
            ConfluentFraming.writeHeader(header, 0, schemaId);
            buf.write(header);
          }
          node.write(in, row, enc);
          enc.flush();
        } catch (IOException | RuntimeException e) {
          throw new SluiceException("to_avro cannot encode row " + row + ": " + e.getMessage(), e);
        }
        out.append(buf.array(), 0, buf.size());
      }
      return out;
    }
  }

  /** A byte buffer whose array can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }
  }
}
