package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.types.Compression;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.SampleValues;

/**
 * Converts the JSON value of one tensor in an import row into the value the engine appends:
 *
 * <ul>
 *   <li>numeric htypes: a number, boolean or nested arrays (the nesting is the shape) become an
 *       {@link NdArray} of the tensor's dtype; without a dtype, as numpy infers it (bool, int64,
 *       uint64 above int64, float64 when any element is a float). A value is never changed
 *       silently: the engine's rule ({@link SampleValues}, the same for the Java API) decides, an
 *       integer literal being an integer (a Long or BigInteger) and a number with a fraction or
 *       exponent a float (a Double; a BigDecimal when too large for a double): integers must lie in
 *       the dtype's range and integer dtypes take only integers (not 1.5, 2.0, NaN); booleans go
 *       only into bool (and bool only takes booleans); a float dtype takes integers it holds
 *       exactly, and floats rounded to its nearest value (0.1, 1e-300 becomes 0 in float32, as
 *       numpy and Python deeplake round) unless that overflows to infinity (1e300 into float32; NaN
 *       and Infinity as written are kept);
 *   <li>{@code {"base64": ..., "shape": [...], "compression": ...}}: a compressed file ({@link
 *       Samples#file}), the tensor's sample_compression unless "compression" names the format;
 *       "shape" is required for formats the engine cannot decode (video, audio, ...);
 *   <li>text: a string; json: any JSON; list: an array; tag: a string or an array;
 *   <li>class_label: label indices (an integer or integer arrays) or class names (a string or an
 *       array mixing names and indices; new names extend the tensor's class_names);
 *   <li>link[...]: a path string or {@code {"path": ..., "creds_key": ...}};
 *   <li>sequence[...]: an array of items, each as above;
 *   <li>{@code null}: an empty sample.
 * </ul>
 *
 * No string anywhere in a value (text, json keys and values, list and tag items, class names, link
 * paths) may hold a lone UTF-16 surrogate (a JSON escape in D800-DFFF that is not half of a
 * surrogate pair): it is not a character, UTF-8 cannot store it (the engine's rule too). Values are
 * checked here, before the dataset is created or opened, so that a refused row leaves nothing
 * behind; the engine applies the same rule again when the rows are appended. Rows are parsed with
 * {@link #ROW_JSON}, so that a float literal too large for a double is seen as such. Problems are
 * reported as {@link ValueException}s naming what was expected and what was found.
 */
final class ImportValues {
  private static final Set<String> FILE_KEYS = Set.of("base64", "shape", "compression");
  private static final Set<String> LINK_KEYS = Set.of("path", "creds_key");
  private static final int SHOWN_CHARS = 40;
  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  private ImportValues() {}

  /**
   * The parser of import rows: strict JSON (as {@link ImportSchema#STRICT_JSON}, NaN and Infinity
   * allowed) whose float literals read as doubles, except one too large for a double (1e400), which
   * stays a {@link java.math.BigDecimal} instead of turning into Infinity, so that it is refused
   * (or, in a json tensor, stored as written) rather than confused with the literal Infinity.
   */
  static final JsonMapper ROW_JSON =
      ImportSchema.STRICT_JSON
          .rebuild()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(
              new JsonNodeFactory() {
                private static final long serialVersionUID = 1L;

                @Override
                public ValueNode numberNode(BigDecimal v) {
                  double d = v.doubleValue(); // correctly rounded, as the default parse is
                  return Double.isInfinite(d) ? super.numberNode(v) : DoubleNode.valueOf(d);
                }
              })
          .build();

  /** A value that does not fit its tensor; the message says what was expected and found. */
  static final class ValueException extends Exception {
    private static final long serialVersionUID = 1L;

    ValueException(String message) {
      super(message);
    }
  }

  /** The engine value for {@code v} (a row's value of tensor {@code t}); null for JSON null. */
  static Object convert(JsonNode v, ImportSchema.Target t) throws ValueException {
    if (v == null || v.isNull()) {
      return null;
    }
    checkStrings(v);
    if (t.sequence()) {
      if (!v.isArray()) {
        throw new ValueException("expected an array of items (a sequence), got " + show(v));
      }
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        try {
          items.add(item(v.get(i), t));
        } catch (ValueException e) {
          throw new ValueException("item " + i + ": " + e.getMessage());
        }
      }
      return items;
    }
    return item(v, t);
  }

  private static Object item(JsonNode v, ImportSchema.Target t) throws ValueException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (t.link()) {
      return link(v);
    }
    switch (t.baseHtype()) {
      case TEXT:
        if (!v.isTextual()) {
          throw new ValueException("expected a string, got " + show(v));
        }
        return v.textValue();
      case JSON:
        return v;
      case LIST:
        if (!v.isArray()) {
          throw new ValueException("expected an array, got " + show(v));
        }
        return v;
      case TAG:
        if (!v.isArray() && !v.isTextual()) {
          throw new ValueException("expected a string or an array, got " + show(v));
        }
        return v;
      case CLASS_LABEL:
        return classLabel(v, t);
      default:
        if (v.isObject()) {
          return file(v, t);
        }
        return numeric(v, t.numericDtype());
    }
  }

  private static Samples.LinkSample link(JsonNode v) throws ValueException {
    if (v.isTextual()) {
      return Samples.link(v.textValue());
    }
    if (v.isObject() && v.path("path").isTextual()) {
      for (var it = v.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!LINK_KEYS.contains(k)) {
          throw new ValueException("unknown key \"" + k + "\" in a link (keys: path, creds_key)");
        }
      }
      JsonNode creds = v.get("creds_key");
      if (creds != null && !creds.isNull() && !creds.isTextual()) {
        throw new ValueException("\"creds_key\" must be a string, got " + show(creds));
      }
      return Samples.link(
          v.get("path").textValue(), creds == null || creds.isNull() ? null : creds.textValue());
    }
    throw new ValueException(
        "expected a link: a path string or {\"path\": ..., \"creds_key\": ...}, got " + show(v));
  }

  private static Object classLabel(JsonNode v, ImportSchema.Target t) throws ValueException {
    if (v.isTextual()) {
      return v.textValue();
    }
    boolean names = false;
    if (v.isArray()) {
      for (JsonNode x : v) {
        names |= x.isTextual();
      }
    }
    if (!names) {
      return numeric(v, t.numericDtype());
    }
    Dtype dt = t.numericDtype() == null ? Dtype.UINT32 : t.numericDtype();
    List<Object> out = new ArrayList<>();
    for (JsonNode x : v) {
      if (x.isTextual()) {
        out.add(x.textValue());
      } else if (x.isIntegralNumber()) {
        out.add(numeric(x, dt).getLong(0));
      } else {
        throw new ValueException(
            "expected class names or label indices (integers), found " + show(x) + " in an array");
      }
    }
    return out;
  }

  private static Samples.FileSample file(JsonNode v, ImportSchema.Target t) throws ValueException {
    for (var it = v.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!FILE_KEYS.contains(k)) {
        throw new ValueException(
            "unknown key \"" + k + "\" in a file sample (keys: base64, shape, compression)");
      }
    }
    JsonNode b64 = v.get("base64");
    if (b64 == null || !b64.isTextual()) {
      throw new ValueException(
          "expected a number, nested arrays of numbers or {\"base64\": ...}, got " + show(v));
    }
    String compression = t.sampleCompression();
    JsonNode c = v.get("compression");
    if (c != null && !c.isNull()) {
      if (!c.isTextual()) {
        throw new ValueException("\"compression\" must be a string, got " + show(c));
      }
      compression = Compression.normalize(c.textValue());
    }
    if (compression == null) {
      throw new ValueException(
          "the tensor has no sample_compression, so a {\"base64\": ...} sample must name its"
              + " format with \"compression\" (png, jpeg, ...)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(WHITESPACE.matcher(b64.textValue()).replaceAll(""));
    } catch (IllegalArgumentException e) {
      throw new ValueException("\"base64\" is not valid base64: " + e.getMessage());
    }
    JsonNode s = v.get("shape");
    if (s == null || s.isNull()) {
      if (!Compression.isImageCodec(compression)) {
        throw new ValueException(
            "a " + compression + " sample needs its \"shape\" (the engine cannot derive it)");
      }
      return Samples.file(bytes, compression);
    }
    if (!s.isArray()) {
      throw new ValueException("\"shape\" must be an array of integers, got " + show(s));
    }
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = s.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw new ValueException("\"shape\" must be non-negative integers, found " + show(d));
      }
      shape[i] = d.longValue();
    }
    return Samples.file(bytes, compression, shape);
  }

  /**
   * A number, boolean or rectangular nested arrays of them as an array of {@code dtype} (null:
   * inferred as numpy does). A scalar has shape [1], as Deep Lake stores it.
   */
  static NdArray numeric(JsonNode v, Dtype dtype) throws ValueException {
    if (!v.isArray() && !v.isNumber() && !v.isBoolean()) {
      throw new ValueException(
          "expected a number or nested arrays of numbers"
              + (v.isObject() ? " (or {\"base64\": ...})" : "")
              + ", got "
              + show(v));
    }
    Object value = v.isArray() ? leaves(v) : leaf(v);
    if (dtype == Dtype.COMPLEX64 || dtype == Dtype.COMPLEX128) {
      throw new ValueException("complex dtypes cannot be imported from JSON");
    }
    try {
      return SampleValues.array(value, dtype);
    } catch (SampleValues.Refused e) {
      throw new ValueException(e.getMessage());
    }
  }

  /** A JSON array as nested lists of the Java values {@link #leaf} gives. */
  private static List<Object> leaves(JsonNode v) throws ValueException {
    List<Object> out = new ArrayList<>(v.size());
    for (JsonNode x : v) {
      if (x.isArray()) {
        out.add(leaves(x));
      } else if (x.isNumber() || x.isBoolean()) {
        out.add(leaf(x));
      } else {
        throw new ValueException("expected numbers in the arrays, found " + show(x));
      }
    }
    return out;
  }

  /**
   * A JSON number or boolean as the Java value {@link SampleValues} takes: an integer literal as a
   * {@code Long} or {@code BigInteger}, a float literal as a {@code Double} (NaN, Infinity as
   * written) or, when too large for a double (see {@link #ROW_JSON}), a {@code BigDecimal}.
   */
  private static Object leaf(JsonNode x) {
    if (x.isBoolean()) {
      return x.booleanValue();
    }
    if (x.isIntegralNumber()) {
      return x.canConvertToLong() ? (Object) x.longValue() : x.bigIntegerValue();
    }
    return x.isDouble() ? (Object) x.doubleValue() : x.decimalValue();
  }

  /** Refuses a lone UTF-16 surrogate in any string or object key of {@code v}. */
  private static void checkStrings(JsonNode v) throws ValueException {
    try {
      SampleValues.checkJson(v);
    } catch (SampleValues.Refused e) {
      throw new ValueException(e.getMessage());
    }
  }

  /** A JSON value in a message: its type and (abbreviated) text. */
  static String show(JsonNode v) {
    String kind =
        switch (v.getNodeType()) {
          case STRING -> "string";
          case NUMBER -> "number";
          case BOOLEAN -> "boolean";
          case ARRAY -> "array";
          case OBJECT -> "object";
          case NULL -> "null";
          default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    String text =
        v.isNumber() && !Double.isFinite(v.doubleValue()) && v.isDouble()
            ? String.valueOf(v.doubleValue()) // NaN, Infinity: unquoted
            : v.toString();
    if (text.length() > SHOWN_CHARS) {
      text = text.substring(0, SHOWN_CHARS) + "...";
    }
    return kind + " " + text;
  }
}
