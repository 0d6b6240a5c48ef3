package io.sluice.state.internal;

import io.sluice.api.CheckpointException;
import io.sluice.checkpoint.AtomicFiles;
import io.sluice.state.FieldType;
import io.sluice.state.KeyEncoder;
import io.sluice.state.StateCodec;
import io.sluice.state.StateCodecFactory;
import io.sluice.state.StateField;
import io.sluice.state.StateSchema;
import io.sluice.state.StateSchemaIncompatibleException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Values as Avro binary, prefixed with the (varint) id of their writer schema. The schema file
 * {@code state/<opId>/_metadata/schema} lists the key schema and every value schema ever used, by
 * id:
 *
 * <pre>
 * v1
 * key {avro json}
 * value 0 {avro json}
 * value 1 {avro json}
 * </pre>
 */
public final class AvroStateCodec implements StateCodec {
  private static final String NAMESPACE = "io.sluice.state";
  private static final Pattern FIELD_LOCATION = Pattern.compile("^/fields/(\\d+)");
  private static final Map<Path, Object> FILE_LOCKS = new ConcurrentHashMap<>();

  private final StateSchema schema;
  private final KeyEncoder keys;
  private final Schema reader;
  private final int writeId;
  private final List<Schema> writers;
  private final ThreadLocal<Map<Integer, GenericDatumReader<GenericRecord>>> datumReaders =
      ThreadLocal.withInitial(HashMap::new);
  private final ThreadLocal<GenericDatumWriter<GenericRecord>> datumWriter;

  /** The {@link StateCodecFactory} registered in {@code META-INF/services}. */
  public static final class Factory implements StateCodecFactory {
    @Override
    public StateCodec open(Path checkpointLocation, long operatorId, StateSchema schema) {
      return AvroStateCodec.open(checkpointLocation, operatorId, schema);
    }
  }

  private AvroStateCodec(StateSchema schema, Schema reader, List<Schema> writers, int writeId) {
    this.schema = schema;
    this.keys = KeyEncoder.of(schema);
    this.reader = reader;
    this.writers = writers;
    this.writeId = writeId;
    this.datumWriter = ThreadLocal.withInitial(() -> new GenericDatumWriter<>(reader));
  }

  static StateCodec open(Path checkpointLocation, long operatorId, StateSchema schema) {
    Path file =
        checkpointLocation
            .toAbsolutePath()
            .normalize()
            .resolve("state")
            .resolve(Long.toString(operatorId))
            .resolve("_metadata")
            .resolve("schema");
    Schema key = toAvro("StateKey", schema.keyFields(), false);
    Schema value = toAvro("StateValue", schema.valueFields(), true);
    synchronized (FILE_LOCKS.computeIfAbsent(file, f -> new Object())) {
      if (!Files.exists(file)) {
        try {
          AtomicFiles.writeNew(file, render(key, List.of(value)));
          return new AvroStateCodec(schema, value, List.of(value), 0);
        } catch (FileAlreadyExistsException e) {
          // another process recorded it first: check against that
        } catch (IOException e) {
          throw new CheckpointException("Cannot write state schema file " + file, e);
        }
      }
      Recorded recorded = parse(file);
      checkKey(operatorId, file, recorded.key(), key);
      checkValue(operatorId, file, recorded.values(), value);
      int id = recorded.values().indexOf(value);
      List<Schema> writers = new ArrayList<>(recorded.values());
      if (id < 0) {
        writers.add(value);
        id = writers.size() - 1;
        try {
          AtomicFiles.writeReplacing(file, render(key, writers));
        } catch (IOException e) {
          throw new CheckpointException("Cannot update state schema file " + file, e);
        }
      }
      return new AvroStateCodec(schema, value, List.copyOf(writers), id);
    }
  }

  private record Recorded(Schema key, List<Schema> values) {}

  private static byte[] render(Schema key, List<Schema> values) {
    StringBuilder sb = new StringBuilder("v1\n");
    sb.append("key ").append(key).append('\n');
    for (int i = 0; i < values.size(); i++) {
      sb.append("value ").append(i).append(' ').append(values.get(i)).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Recorded parse(Path file) {
    String text = new String(AtomicFiles.read(file), StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    if (lines.length < 3 || !lines[0].equals("v1")) {
      throw new CheckpointException(
          "State schema file " + file + " is not a v1 schema file (first line '"
              + (lines.length > 0 ? lines[0] : "") + "')");
    }
    try {
      Schema key = null;
      List<Schema> values = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        if (line.startsWith("key ")) {
          key = new Schema.Parser().parse(line.substring(4));
        } else if (line.startsWith("value ")) {
          int space = line.indexOf(' ', 6);
          int id = Integer.parseInt(line.substring(6, space));
          if (id != values.size()) {
            throw new IllegalArgumentException("value schema ids out of order at line " + (i + 1));
          }
          values.add(new Schema.Parser().parse(line.substring(space + 1)));
        } else if (!line.isBlank()) {
          throw new IllegalArgumentException("unexpected line " + (i + 1));
        }
      }
      if (key == null || values.isEmpty()) {
        throw new IllegalArgumentException("missing key or value schema");
      }
      return new Recorded(key, values);
    } catch (RuntimeException e) {
      throw new CheckpointException("Corrupt state schema file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkKey(long operatorId, Path file, Schema recorded, Schema wanted) {
    if (recorded.equals(wanted)) {
      return;
    }
    Set<String> changed = new LinkedHashSet<>();
    List<Schema.Field> a = recorded.getFields();
    List<Schema.Field> b = wanted.getFields();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      Schema.Field fa = i < a.size() ? a.get(i) : null;
      Schema.Field fb = i < b.size() ? b.get(i) : null;
      if (fa == null || fb == null || !fa.name().equals(fb.name())
          || !fa.schema().equals(fb.schema())) {
        if (fa != null) {
          changed.add(fa.name());
        }
        if (fb != null) {
          changed.add(fb.name());
        }
      }
    }
    throw new StateSchemaIncompatibleException(
        "The state key of operator " + operatorId + " changed in fields " + changed
            + ": the checkpoint has key " + describe(recorded) + ", the query uses "
            + describe(wanted) + ". Keys cannot change; keep the previous key or use a new"
            + " checkpoint location (schema file " + file + ")",
        operatorId,
        List.copyOf(changed));
  }

  private static void checkValue(long operatorId, Path file, List<Schema> recorded, Schema wanted) {
    Set<String> fields = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (int id = 0; id < recorded.size(); id++) {
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(wanted, recorded.get(id));
      if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE) {
        continue;
      }
      for (SchemaCompatibility.Incompatibility inc : result.getResult().getIncompatibilities()) {
        String field = fieldAt(wanted, inc);
        fields.add(field);
        problems.add(
            "field '" + field + "': " + inc.getType() + " (" + inc.getMessage() + ") against value"
                + " schema " + id);
      }
    }
    if (!problems.isEmpty()) {
      throw new StateSchemaIncompatibleException(
          "The state value schema of operator " + operatorId + " cannot read the state in the"
              + " checkpoint; incompatible fields " + fields + ": " + String.join("; ", problems)
              + ". Give new fields a default (e.g. StateField.optional), keep field types, or use"
              + " a new checkpoint location (schema file " + file + ")",
          operatorId,
          List.copyOf(fields));
    }
  }

  private static String fieldAt(Schema reader, SchemaCompatibility.Incompatibility inc) {
    if (inc.getType()
        == SchemaCompatibility.SchemaIncompatibilityType.READER_FIELD_MISSING_DEFAULT_VALUE) {
      return inc.getMessage();
    }
    Matcher m = FIELD_LOCATION.matcher(inc.getLocation());
    if (m.find()) {
      int i = Integer.parseInt(m.group(1));
      if (i < reader.getFields().size()) {
        return reader.getFields().get(i).name();
      }
    }
    return inc.getLocation();
  }

  private static String describe(Schema record) {
    List<String> out = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      out.add(f.name() + " " + f.schema());
    }
    return out.toString();
  }

  static Schema toAvro(String name, List<StateField> fields, boolean withDefaults) {
    List<Schema.Field> out = new ArrayList<>();
    for (StateField f : fields) {
      Schema base = Schema.create(avroType(f.type()));
      Schema s = base;
      boolean hasDefault = withDefaults && f.hasDefault();
      if (f.nullable()) {
        // A union's default must match its first branch.
        s = hasDefault && f.defaultValue() != null
            ? Schema.createUnion(base, Schema.create(Schema.Type.NULL))
            : Schema.createUnion(Schema.create(Schema.Type.NULL), base);
      }
      Object def = null;
      if (hasDefault) {
        def = f.defaultValue() == null
            ? JsonProperties.NULL_VALUE
            : f.type() == FieldType.BYTES
                ? new String((byte[]) f.defaultValue(), StandardCharsets.ISO_8859_1)
                : f.defaultValue();
      }
      out.add(new Schema.Field(f.name(), s, null, def));
    }
    return Schema.createRecord(name, null, NAMESPACE, false, out);
  }

  private static Schema.Type avroType(FieldType t) {
    return switch (t) {
      case BOOLEAN -> Schema.Type.BOOLEAN;
      case INT -> Schema.Type.INT;
      case LONG -> Schema.Type.LONG;
      case DOUBLE -> Schema.Type.DOUBLE;
      case STRING -> Schema.Type.STRING;
      case BYTES -> Schema.Type.BYTES;
    };
  }

  @Override
  public StateSchema schema() {
    return schema;
  }

  @Override
  public KeyEncoder keys() {
    return keys;
  }

  @Override
  public byte[] encodeValue(List<?> values) {
    List<StateField> fields = schema.valueFields();
    if (values.size() != fields.size()) {
      throw new IllegalArgumentException(
          "value has " + fields.size() + " fields, got " + values.size() + " values");
    }
    GenericData.Record rec = new GenericData.Record(reader);
    for (int i = 0; i < fields.size(); i++) {
      StateField f = fields.get(i);
      Object v = values.get(i);
      if (v == null) {
        if (!f.nullable()) {
          throw new IllegalArgumentException("value field '" + f.name() + "' is not nullable");
        }
      } else if (!f.type().javaType().isInstance(v)) {
        throw new IllegalArgumentException(
            "value field '" + f.name() + "' is " + f.type() + ", got " + v.getClass().getSimpleName());
      } else if (v instanceof byte[] bytes) {
        v = ByteBuffer.wrap(bytes);
      }
      rec.put(i, v);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      enc.writeInt(writeId);
      datumWriter.get().write(rec, enc);
      enc.flush();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a state value", e);
    }
    return out.toByteArray();
  }

  @Override
  public List<Object> decodeValue(byte[] bytes) {
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
    GenericRecord rec;
    int id = -1;
    try {
      id = dec.readInt();
      if (id < 0 || id >= writers.size()) {
        throw new CheckpointException(
            "State value written with unknown schema id " + id + "; known ids 0-"
                + (writers.size() - 1));
      }
      final int writer = id;
      rec = datumReaders.get()
          .computeIfAbsent(writer, w -> new GenericDatumReader<>(writers.get(w), reader))
          .read(null, dec);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointException ce) {
        throw ce;
      }
      throw new CheckpointException("Cannot decode a state value (schema id " + id + "): " + e, e);
    }
    List<Object> out = new ArrayList<>(reader.getFields().size());
    for (int i = 0; i < reader.getFields().size(); i++) {
      Object v = rec.get(i);
      if (v instanceof Utf8 || v instanceof CharSequence) {
        v = v.toString();
      } else if (v instanceof ByteBuffer bb) {
        byte[] b = new byte[bb.remaining()];
        bb.duplicate().get(b);
        v = b;
      }
      out.add(v);
    }
    return Collections.unmodifiableList(out);
  }
}
