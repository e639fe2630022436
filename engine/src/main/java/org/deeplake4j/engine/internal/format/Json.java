package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * JSON as Python's {@code json} module writes it: accepts {@code NaN}, {@code Infinity}, {@code
 * -Infinity}; integers beyond 64 bits become BigInteger; floats stay doubles. Thread-safe.
 */
public final class Json {
  /** The shared, immutable mapper (Jackson mappers are thread-safe once configured). */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /** Parses {@code bytes} (UTF-8) from storage key {@code key}; malformed input names the key. */
  public static JsonNode parse(byte[] bytes, String key) {
    if (bytes.length == 0) {
      throw new CorruptDataException(key, "empty JSON file");
    }
    return parse(bytes, key, "");
  }

  /**
   * Parses a JSON sample stored in the chunk {@code key}; {@code what} (for example {@code tensor
   * 'x' item 3}) is put into the message of malformed input.
   */
  public static JsonNode parseSample(String text, String key, String what) {
    return parse(text.getBytes(StandardCharsets.UTF_8), key, what + ": ");
  }

  private static JsonNode parse(byte[] bytes, String key, String prefix) {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw new CorruptDataException(key, prefix + "empty JSON document");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new CorruptDataException(key, prefix + "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new CorruptDataException(key, prefix + "unreadable JSON: " + e.getMessage(), e);
    }
  }

  /** Parses a JSON sample value stored as UTF-8 text. */
  public static JsonNode parseText(String text, String where) {
    return parse(text.getBytes(StandardCharsets.UTF_8), where);
  }

  /** Compact JSON text of a node. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
