package io.sluice.checkpoint.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.CheckpointException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The text format shared by the checkpoint's log files: a version line, then one JSON text per
 * line, every line ending with {@code \n}. Decoding is strict so that a damaged file is reported
 * with its name instead of being half-read.
 */
public final class LogFormat {
  /** The only version this code writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private LogFormat() {}

  /** @return a new empty JSON object to fill and pass to {@link #toJson} */
  public static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  /**
   * Serializes a JSON value on one line.
   *
   * @param node the value
   * @return its compact text, which never contains a line break
   */
  public static String toJson(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  /**
   * Parses one JSON text.
   *
   * @param text the text
   * @return the value
   * @throws IllegalArgumentException if {@code text} is not exactly one JSON value
   */
  public static JsonNode parseJson(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("no JSON value");
    }
    return node;
  }

  /**
   * Checks that {@code text} is one JSON value and returns it on a single line. A valid JSON text
   * cannot hold a raw line break inside a string, so any line break is whitespace between tokens
   * and replacing it by a space keeps the value, and its exact number spellings, unchanged.
   *
   * @param text the JSON text
   * @return the text with line breaks replaced by spaces
   * @throws IllegalArgumentException if {@code text} is not exactly one JSON value
   */
  public static String singleLineJson(String text) {
    parseJson(text);
    return text.indexOf('\n') < 0 && text.indexOf('\r') < 0
        ? text
        : text.replace('\r', ' ').replace('\n', ' ');
  }

  /**
   * Encodes a file: the version line, then each line, each terminated by {@code \n}.
   *
   * @param lines the lines after the version line; none may contain a line break
   * @return the UTF-8 bytes
   */
  public static byte[] encode(List<String> lines) {
    StringBuilder sb = new StringBuilder().append('v').append(VERSION).append('\n');
    for (String line : lines) {
      sb.append(line).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a file written by {@link #encode}: checks the encoding, the final newline and the
   * version line.
   *
   * @param file the file, for messages
   * @param bytes its content
   * @return the lines after the version line
   * @throws CheckpointException naming the file if it is empty, not UTF-8, truncated, or has a
   *     version line other than {@code v1}
   */
  public static List<String> decode(Path file, byte[] bytes) {
    if (bytes.length == 0) {
      throw corrupt(file, "the file is empty");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw corrupt(file, "the file is not UTF-8 text");
    }
    String[] lines = text.split("\n", -1);
    checkVersion(file, lines[0].strip());
    // Every line ends with '\n', so a file cut short ends mid-line.
    if (!text.endsWith("\n")) {
      throw corrupt(file, "the last line has no line end (the file is truncated)");
    }
    return Arrays.asList(lines).subList(1, lines.length - 1);
  }

  private static void checkVersion(Path file, String line) {
    if (line.length() < 2
        || line.charAt(0) != 'v'
        || !line.substring(1).chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw corrupt(
          file,
          "the first line should be the version 'v" + VERSION + "', found '" + abbreviate(line) + "'");
    }
    int version;
    try {
      version = Integer.parseInt(line.substring(1));
    } catch (NumberFormatException e) {
      version = Integer.MAX_VALUE;
    }
    if (version > VERSION) {
      throw new CheckpointException(
          "Checkpoint file " + file + " was written by a newer version (" + line + ") of Sluice;"
              + " this version reads up to v" + VERSION
              + ": upgrade or use a new checkpointLocation.");
    }
    if (version < VERSION) {
      throw corrupt(file, "unknown version '" + line + "'");
    }
  }

  /**
   * Builds the exception for a file that cannot be parsed.
   *
   * @param file the file
   * @param what what is wrong with it
   * @return the exception, naming the file
   */
  public static CheckpointException corrupt(Path file, String what) {
    return new CheckpointException(
        "Checkpoint file " + file + " is corrupt: " + what + ". Sluice never leaves a partly"
            + " written file, so it was changed or damaged outside Sluice; restore it, or use a new"
            + " checkpointLocation.");
  }

  /**
   * Reads a required integral field that fits in a long.
   *
   * @param file the file, for messages
   * @param object the JSON object
   * @param field the field name
   * @return the value
   * @throws CheckpointException naming the file and field if it is missing or not a long
   */
  public static long requireLong(Path file, JsonNode object, String field) {
    JsonNode v = object.get(field);
    if (v == null) {
      throw corrupt(file, "field '" + field + "' is missing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw corrupt(
          file, "field '" + field + "' should be a 64-bit integer, found " + abbreviate(v.toString()));
    }
    return v.longValue();
  }

  /**
   * Parses a line that must hold a JSON object.
   *
   * @param file the file, for messages
   * @param lineNumber the 1-based line number, for messages
   * @param line the line
   * @return the object
   * @throws CheckpointException naming the file and line if it is not a JSON object
   */
  public static JsonNode requireObject(Path file, int lineNumber, String line) {
    JsonNode node;
    try {
      node = parseJson(line);
    } catch (IllegalArgumentException e) {
      throw corrupt(file, "line " + lineNumber + " is not valid JSON (" + e.getMessage() + ")");
    }
    if (!node.isObject()) {
      throw corrupt(
          file, "line " + lineNumber + " should be a JSON object, found " + abbreviate(line));
    }
    return node;
  }

  /**
   * Shortens text quoted in a message so that a garbage file does not flood the log.
   *
   * @param s the text
   * @return at most about 60 characters of it
   */
  public static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
