package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.types.Compression;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Float16;
import org.deeplake4j.engine.types.NdArray;

/**
 * Converts the JSON value of one tensor in an import row into the value the engine appends:
 *
 * <ul>
 *   <li>numeric htypes: a number, boolean or nested arrays (the nesting is the shape) become an
 *       {@link NdArray} of the tensor's dtype; without a dtype, as numpy infers it (bool, int64,
 *       uint64 above int64, float64 when any element is a float). A value is never changed
 *       silently: integers must lie in the dtype's range and integer dtypes take only integers (not
 *       1.5, 2.0, NaN); booleans go only into bool (and bool only takes booleans); a float dtype
 *       takes integers it holds exactly, and numbers with a fraction or exponent rounded to its
 *       nearest value (0.1, 1e-300 becomes 0 in float32, as numpy and Python deeplake round) unless
 *       that overflows to infinity (1e300 into float32; NaN and Infinity as written are kept);
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
 * surrogate pair): it is not a character, UTF-8 cannot store it. Rows are parsed with {@link
 * #ROW_JSON}, so that a float literal too large for a double is seen as such. Problems are reported
 * as {@link ValueException}s naming what was expected and what was found.
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
        checkRange(x.bigIntegerValue(), dt);
        out.add(x.longValue());
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
    List<Long> shape = new ArrayList<>();
    JsonNode cur = v;
    while (cur.isArray()) {
      shape.add((long) cur.size());
      if (cur.isEmpty()) {
        break;
      }
      cur = cur.get(0);
    }
    List<JsonNode> leaves = new ArrayList<>();
    flatten(v, 0, shape, leaves);
    Dtype dt = dtype == null ? infer(leaves) : dtype;
    if (dt == Dtype.COMPLEX64 || dt == Dtype.COMPLEX128) {
      throw new ValueException("complex dtypes cannot be imported from JSON");
    }
    ByteBuffer bb =
        ByteBuffer.allocate(leaves.size() * dt.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode leaf : leaves) {
      put(bb, dt, leaf);
    }
    long[] s =
        shape.isEmpty() ? new long[] {1} : shape.stream().mapToLong(Long::longValue).toArray();
    return NdArray.of(dt, s, bb.array());
  }

  private static void flatten(JsonNode v, int dim, List<Long> shape, List<JsonNode> out)
      throws ValueException {
    if (dim == shape.size()) {
      if (v.isArray()) {
        throw new ValueException(
            "nested arrays are not rectangular: expected shape " + shape + " from the first items");
      }
      if (!v.isNumber() && !v.isBoolean()) {
        throw new ValueException("expected numbers in the arrays, found " + show(v));
      }
      out.add(v);
      return;
    }
    if (!v.isArray() || v.size() != shape.get(dim)) {
      throw new ValueException(
          "nested arrays are not rectangular: expected shape " + shape + " from the first items");
    }
    for (JsonNode x : v) {
      flatten(x, dim + 1, shape, out);
    }
  }

  private static Dtype infer(List<JsonNode> leaves) throws ValueException {
    if (leaves.isEmpty()) {
      return Dtype.FLOAT64; // numpy: np.asarray([]).dtype
    }
    if (leaves.stream().allMatch(JsonNode::isBoolean)) {
      return Dtype.BOOL;
    }
    for (JsonNode x : leaves) {
      if (x.isBoolean()) {
        throw new ValueException(
            "found "
                + x
                + " among numbers: booleans go only into bool tensors (they are not changed to"
                + " 1 or 0)");
      }
    }
    if (leaves.stream().anyMatch(JsonNode::isFloatingPointNumber)) {
      return Dtype.FLOAT64;
    }
    if (leaves.stream().allMatch(x -> x.isBoolean() || x.canConvertToLong())) {
      return Dtype.INT64;
    }
    for (JsonNode x : leaves) {
      if (x.isIntegralNumber()) {
        BigInteger b = x.bigIntegerValue();
        if (b.signum() < 0 || b.bitLength() > 64) {
          throw new ValueException(
              x + " does not fit int64 or uint64; declare the tensor's dtype in the schema");
        }
      }
    }
    return Dtype.UINT64;
  }

  private static void put(ByteBuffer bb, Dtype dt, JsonNode leaf) throws ValueException {
    if (dt == Dtype.BOOL) {
      if (!leaf.isBoolean()) {
        throw new ValueException("expected true or false (dtype bool), found " + show(leaf));
      }
      bb.put((byte) (leaf.booleanValue() ? 1 : 0));
      return;
    }
    if (leaf.isBoolean()) {
      throw new ValueException(
          "expected numbers (dtype "
              + dt.numpyName()
              + "), found "
              + show(leaf)
              + ": booleans go only into bool tensors (they are not changed to 1 or 0)");
    }
    if (dt.isFloating()) {
      double d = floating(leaf, dt);
      switch (dt) {
        case FLOAT16 -> bb.putShort(doubleToHalf(d));
        case FLOAT32 -> bb.putFloat((float) d);
        default -> bb.putDouble(d);
      }
      return;
    }
    long x;
    if (leaf.isIntegralNumber()) {
      BigInteger b = leaf.bigIntegerValue();
      checkRange(b, dt);
      x = b.longValue(); // uint64 above 2^63: the two's-complement bits
    } else {
      throw new ValueException(
          "expected integers (dtype " + dt.numpyName() + "), found " + show(leaf));
    }
    switch (dt.itemSize()) {
      case 1 -> bb.put((byte) x);
      case 2 -> bb.putShort((short) x);
      case 4 -> bb.putInt((int) x);
      default -> bb.putLong(x);
    }
  }

  /**
   * The double to store for {@code leaf} in float dtype {@code dt}: an integer only if {@code dt}
   * holds it exactly; a number with a fraction or exponent rounded to {@code dt} unless that
   * overflows to infinity; NaN and Infinity literals as they are.
   */
  private static double floating(JsonNode leaf, Dtype dt) throws ValueException {
    if (leaf.isIntegralNumber()) {
      BigInteger b = leaf.bigIntegerValue();
      double stored = roundTo(dt, b.doubleValue());
      if (!Double.isFinite(stored) || new BigDecimal(stored).compareTo(new BigDecimal(b)) != 0) {
        throw new ValueException(
            b
                + " cannot be stored exactly as "
                + dt.numpyName()
                + (Double.isFinite(stored)
                    ? " (it would become " + new BigDecimal(stored).toPlainString() + ")"
                    : " (it is out of range)"));
      }
      return stored;
    }
    double d = leaf.doubleValue();
    if (leaf.isDouble() && !Double.isFinite(d)) {
      return d; // NaN, Infinity or -Infinity as written (ROW_JSON keeps overflows as BigDecimal)
    }
    if (!Double.isFinite(roundTo(dt, d))) {
      throw new ValueException(
          show(leaf)
              + " is out of range for "
              + dt.numpyName()
              + " (it would become "
              + (leaf.doubleValue() > 0 ? "Infinity" : "-Infinity")
              + "; the largest finite "
              + dt.numpyName()
              + " is "
              + largestFinite(dt)
              + ")");
    }
    return d;
  }

  /** {@code d} rounded to float dtype {@code dt}, as a double. */
  private static double roundTo(Dtype dt, double d) {
    return switch (dt) {
      case FLOAT16 -> Float16.toFloat(doubleToHalf(d));
      case FLOAT32 -> (float) d;
      default -> d;
    };
  }

  private static String largestFinite(Dtype dt) {
    return switch (dt) {
      case FLOAT16 -> "65504";
      case FLOAT32 -> "3.4028235e38";
      default -> "1.7976931348623157e308";
    };
  }

  /** Refuses a lone UTF-16 surrogate in any string or object key of {@code v}. */
  private static void checkStrings(JsonNode v) throws ValueException {
    if (v.isTextual()) {
      checkString(v.textValue(), "string");
    } else if (v.isArray()) {
      for (JsonNode x : v) {
        checkStrings(x);
      }
    } else if (v.isObject()) {
      for (var it = v.fields(); it.hasNext(); ) {
        var e = it.next();
        checkString(e.getKey(), "key");
        checkStrings(e.getValue());
      }
    }
  }

  private static void checkString(String s, String what) throws ValueException {
    int i = loneSurrogate(s);
    if (i >= 0) {
      throw new ValueException(
          what
              + " "
              + quote(s)
              + " holds a lone UTF-16 surrogate "
              + String.format("\\u%04x", (int) s.charAt(i))
              + " at index "
              + i
              + ": it is not a character and UTF-8 cannot store it");
    }
  }

  /** Index of the first surrogate of {@code s} that is not part of a pair, or -1. */
  static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} in quotes for a message, lone surrogates as backslash-u escapes, abbreviated. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < SHOWN_CHARS; i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1))
              || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (Character.isSurrogate(c) && !paired) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > SHOWN_CHARS ? "...\"" : "\"").toString();
  }

  private static void checkRange(BigInteger b, Dtype dt) throws ValueException {
    int bits = dt.itemSize() * 8;
    BigInteger min;
    BigInteger max;
    if (dt.isUnsigned()) {
      min = BigInteger.ZERO;
      max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    } else {
      min = BigInteger.ONE.shiftLeft(bits - 1).negate();
      max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }
    if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
      throw new ValueException(
          b + " is out of range for " + dt.numpyName() + " [" + min + ", " + max + "]");
    }
  }

  /**
   * IEEE 754 binary16 bits of {@code d}, rounded to nearest even from the double as numpy's {@code
   * np.float16(d)} rounds (overflow to infinity, underflow through subnormals to zero).
   */
  static short doubleToHalf(double d) {
    long bits = Double.doubleToRawLongBits(d);
    int sign = (int) (bits >>> 48) & 0x8000;
    int exp = (int) ((bits >>> 52) & 0x7ff);
    long mant = bits & 0xF_FFFF_FFFF_FFFFL;
    if (exp == 0x7ff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 1023 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    long m;
    int shift;
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      m = mant | (1L << 52);
      shift = 43 - e; // half subnormal: value / 2^-24
    } else {
      m = mant;
      shift = 42;
    }
    long h = m >>> shift;
    long rem = m & ((1L << shift) - 1);
    long half = 1L << (shift - 1);
    if (rem > half || (rem == half && (h & 1) == 1)) {
      h++;
    }
    int out = e <= 0 ? (int) h : (e << 10) + (int) h; // a carry moves into the exponent
    return (short) (sign | out);
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
