package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.internal.format.MetaJson;
import org.deeplake4j.engine.internal.format.NdArrays;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.SampleValues;

/**
 * Turns Java values into Deep Lake samples as Python's serializer does: the sample shape and its
 * stored bytes (raw little-endian elements, UTF-8 text, JSON text, or a compressed file), converted
 * to the tensor's dtype by {@link SampleValues}' rule (a value the dtype cannot hold as given is
 * refused, never changed). Accepted values: {@link NdArray}; Java primitive arrays (1-D; a {@code
 * byte[]} is uint8, or Java's signed bytes for an int8 tensor); {@link Number} / {@link Boolean}
 * scalars (shape [1]); {@link String} (text, class names, link paths); Jackson {@link JsonNode}s,
 * {@link java.util.Map}s and {@link List}s for json/list/tag; {@link SampleFile}; {@link
 * SampleLink}; {@code null} for an empty sample.
 */
final class SampleEncoder {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One encoded item: its shape, stored bytes, and raw (uncompressed) size. */
  record Encoded(long[] shape, byte[] stored, long rawSize, NdArray array) {}

  private SampleEncoder() {}

  static Encoded encode(TensorWriter w, Object value, String name) {
    Htype h = w.htype() == null ? inferHtype(value, w.dtype()) : Htype.of(w.htype());
    if (w.htype() == null) {
      w.setHtype(h.pythonName());
      if (h.isTextLike() && w.dtype() == null) {
        w.setDtype(h == Htype.TEXT ? "str" : h == Htype.JSON ? "Any" : "List");
      }
    }
    if (w.isLink()) {
      String path =
          value == null ? "" : value instanceof SampleLink l ? l.path() : String.valueOf(value);
      return text(path);
    }
    switch (h) {
      case TEXT:
        {
          String s = value == null ? "" : value.toString();
          SampleValues.checkString(s, "string");
          return text(s);
        }
      case JSON:
        {
          JsonNode j = value == null ? null : toJson(value, name);
          if (j != null) {
            SampleValues.checkJson(j);
          }
          return lz4IfSampleCompressed(w, text(j == null ? "{}" : MetaJson.compactString(j)));
        }
      case LIST:
      case TAG:
        {
          JsonNode v = value == null ? F.arrayNode() : toJson(value, name);
          SampleValues.checkJson(v);
          if (!v.isArray()) {
            if (h == Htype.TAG) {
              v = F.arrayNode().add(v);
            } else {
              throw new DeepLakeException("tensor '" + name + "': list samples must be arrays");
            }
          }
          byte[] b = MetaJson.compactString(v).getBytes(StandardCharsets.UTF_8);
          return lz4IfSampleCompressed(w, new Encoded(new long[] {v.size()}, b, b.length, null));
        }
      case POLYGON:
        return polygon(w, value, name);
      default:
        return array(w, h, value, name);
    }
  }

  /**
   * A polygon sample: a list of polygons, each an array of shape (points, ndim) (NdArray or nested
   * lists). Stored as uint16 polygon count, uint16 point counts, then the points; shape (polygons,
   * max points, ndim).
   */
  private static Encoded polygon(TensorWriter w, Object value, String name) {
    List<?> polys = value == null ? List.of() : value instanceof List<?> l ? l : null;
    if (polys == null) {
      throw new DeepLakeException("tensor '" + name + "': a polygon sample is a List of polygons");
    }
    Dtype dt = Dtype.parse(w.dtype() == null ? "float32" : w.dtype());
    List<NdArray> arrays = new ArrayList<>();
    int nd = -1;
    long maxPts = 0;
    for (Object p : polys) {
      NdArray a = toArray(w, Htype.GENERIC, p, name);
      long[] s = a.shape();
      if (s.length != 2 || (nd >= 0 && s[1] != nd)) {
        throw new DeepLakeException(
            "tensor '" + name + "': polygons must be (points, ndim) arrays of one ndim");
      }
      nd = (int) s[1];
      maxPts = Math.max(maxPts, s[0]);
      arrays.add(SampleValues.cast(a, dt));
    }
    if (arrays.isEmpty()) {
      return new Encoded(new long[3], new byte[0], 0, null);
    }
    ByteBuffer b =
        ByteBuffer.allocate(
                2
                    + 2 * arrays.size()
                    + arrays.stream().mapToInt(a -> a.size() * dt.itemSize()).sum())
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) arrays.size());
    for (NdArray a : arrays) {
      b.putShort((short) a.shape()[0]);
    }
    for (NdArray a : arrays) {
      b.put(a.toBytes());
    }
    return new Encoded(new long[] {arrays.size(), maxPts, nd}, b.array(), b.capacity(), null);
  }

  private static Encoded lz4IfSampleCompressed(TensorWriter w, Encoded e) {
    if (Codecs.isByteCodec(w.sampleCompression())) {
      byte[] c = Lz4.compress(e.stored(), 0, e.stored().length);
      return new Encoded(e.shape(), c, e.rawSize(), null);
    }
    return e;
  }

  private static Encoded text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return new Encoded(new long[] {1}, b, b.length, null);
  }

  /**
   * The htype an untyped tensor takes from its first sample: text for a string, json for a map,
   * else generic; a tensor created with a numeric dtype stays generic (a string there is a wrong
   * value, refused by the numeric conversion, never a reason to turn the tensor into text).
   */
  private static Htype inferHtype(Object v, String dtype) {
    if (dtype != null && Dtype.parse(dtype) != null) {
      return Htype.GENERIC;
    }
    if (v instanceof String) {
      return Htype.TEXT;
    }
    if (v instanceof java.util.Map<?, ?> || (v instanceof JsonNode j && j.isObject())) {
      return Htype.JSON;
    }
    return Htype.GENERIC;
  }

  static JsonNode toJson(Object v, String name) {
    if (v instanceof JsonNode j) {
      return j;
    }
    try {
      return Json.MAPPER.valueToTree(v);
    } catch (IllegalArgumentException e) {
      throw new DeepLakeException(
          "tensor '" + name + "': cannot convert " + v.getClass().getName() + " to JSON", e);
    }
  }

  private static Encoded array(TensorWriter w, Htype h, Object value, String name) {
    String sc = w.sampleCompression();
    if (value instanceof SampleFile f) {
      return file(w, f, name);
    }
    NdArray a = toArray(w, h, value, name);
    if (a == null) {
      // Python registers shapeless leading empties only in chunks without sample compression.
      if (w.ndim() < 0 && !h.isImage() && w.sampleCompression() == null) {
        return new Encoded(null, new byte[0], 0, null); // shape not known yet
      }
      int nd = Math.max(w.ndim(), defaultNdim(h));
      return new Encoded(new long[nd], new byte[0], 0, null);
    }
    if (w.dtype() == null) {
      w.setDtype(a.dtype().numpyName());
      w.setTypestr(typestr(a.dtype()));
    }
    Dtype dt = Dtype.parse(w.dtype());
    if (dt == null) {
      throw new DeepLakeException(
          "tensor '" + name + "' has dtype " + w.dtype() + ": cannot store numeric samples");
    }
    long[] shape = a.shape();
    if (h.isImage() && shape.length == 2) {
      shape = new long[] {shape[0], shape[1], 1};
    }
    if (h == Htype.IMAGE_RGB && shape.length == 3 && shape[2] != 3) {
      throw new DeepLakeException(
          "tensor '" + name + "' (image.rgb) needs 3 channels, got " + Arrays.toString(shape));
    }
    if (shape.length == 0) {
      shape = new long[] {1};
    }
    a = SampleValues.cast(NdArrays.reshapeCast(a, shape, a.dtype(), name), dt);
    byte[] raw = a.toBytes();
    if (NdArray.numElements(shape) == 0) {
      return new Encoded(shape, new byte[0], 0, a);
    }
    if (sc == null) {
      // Raw elements; for image chunk compression the chunk encodes its canvas at flush.
      return new Encoded(shape, raw, raw.length, a);
    }
    if (Codecs.isByteCodec(sc)) {
      return new Encoded(shape, Lz4.compress(raw, 0, raw.length), raw.length, a);
    }
    if (Codecs.isImageCodec(sc)) {
      return new Encoded(shape, Images.encode(a, sc, "tensor '" + name + "'"), raw.length, a);
    }
    throw new DeepLakeException(
        "tensor '"
            + name
            + "' stores "
            + sc
            + " files: append them with Samples.file(bytes, \""
            + sc
            + "\", shape)");
  }

  private static int defaultNdim(Htype h) {
    return h.isImage() ? 3 : h == Htype.BBOX ? 2 : 1;
  }

  private static Encoded file(TensorWriter w, SampleFile f, String name) {
    String sc = w.sampleCompression();
    if (f.shape() == null
        && f.compression().equals(sc)
        && ("png".equals(sc) || "jpeg".equals(sc) || "jpg".equals(sc))) {
      long[] s = "png".equals(sc) ? Images.pngShape(f.bytes()) : Images.jpegShape(f.bytes());
      if (s != null) {
        // Stored as it is: the shape comes from the header, no decode needed.
        if (w.dtype() == null) {
          w.setDtype("uint8");
        }
        return new Encoded(s, f.bytes(), NdArray.numElements(s), null);
      }
    }
    if (Codecs.isImageCodec(f.compression()) && f.shape() == null) {
      NdArray px = Images.decode(f.bytes(), 0, f.bytes().length, f.compression(), name);
      long[] s = px.shape();
      if (s.length == 2) {
        s = new long[] {s[0], s[1], 1};
      }
      if (f.compression().equals(sc)) {
        if (w.dtype() == null) {
          w.setDtype(px.dtype().numpyName());
        }
        return new Encoded(s, f.bytes(), NdArray.numElements(s) * px.dtype().itemSize(), null);
      }
      return array(
          w, Htype.ofStored(w.htype()), NdArrays.reshapeCast(px, s, px.dtype(), name), name);
    }
    if (f.shape() == null) {
      throw new DeepLakeException(
          "tensor '"
              + name
              + "': the shape of a "
              + f.compression()
              + " file cannot be derived here; pass it with Samples.file(bytes, \""
              + f.compression()
              + "\", shape)");
    }
    if (!f.compression().equals(sc)) {
      throw new DeepLakeException(
          "tensor '"
              + name
              + "' has sample_compression "
              + sc
              + ": a "
              + f.compression()
              + " file cannot be stored in it");
    }
    if (w.dtype() == null) {
      w.setDtype("uint8");
    }
    return new Encoded(f.shape(), f.bytes(), f.bytes().length, null);
  }

  static String typestr(Dtype d) {
    String kind =
        switch (d) {
          case BOOL -> "b";
          case INT8, INT16, INT32, INT64 -> "i";
          case UINT8, UINT16, UINT32, UINT64 -> "u";
          case FLOAT16, FLOAT32, FLOAT64 -> "f";
          case COMPLEX64, COMPLEX128 -> "c";
        };
    return (d.itemSize() == 1 ? "|" : "<") + kind + d.itemSize();
  }

  /** Converts a value to an array; null (or an empty list) means an empty sample. */
  static NdArray toArray(TensorWriter w, Htype h, Object v, String name) {
    if (v == null) {
      return null;
    }
    if (v instanceof NdArray a) {
      return a;
    }
    if (h == Htype.CLASS_LABEL) {
      v = classLabels(w, v, name);
    }
    Dtype dt = w.dtype() == null ? null : Dtype.parse(w.dtype());
    if (v instanceof JsonNode j && j.isArray()) {
      v = Json.MAPPER.convertValue(j, List.class);
    }
    if (dt != null
        && dt != Dtype.COMPLEX64
        && dt != Dtype.COMPLEX128
        && (SampleValues.isScalar(v) || v instanceof Collection<?>)) {
      return SampleValues.array(v, dt); // straight to the dtype, each value by the rule
    }
    if (v instanceof BigInteger || v instanceof BigDecimal) {
      return SampleValues.array(v, null);
    }
    if (v instanceof Boolean b) {
      return NdArray.of(Dtype.BOOL, new long[] {1}, new byte[] {(byte) (b ? 1 : 0)});
    }
    if (v instanceof Float f) {
      return of(Dtype.FLOAT32, new long[] {1}, bb -> bb.putFloat(f));
    }
    if (v instanceof Double d) {
      return of(Dtype.FLOAT64, new long[] {1}, bb -> bb.putDouble(d));
    }
    if (v instanceof Number n) {
      return of(Dtype.INT64, new long[] {1}, bb -> bb.putLong(n.longValue()));
    }
    if (v instanceof float[] a) {
      return of(Dtype.FLOAT32, new long[] {a.length}, bb -> bb.asFloatBuffer().put(a));
    }
    if (v instanceof double[] a) {
      return of(Dtype.FLOAT64, new long[] {a.length}, bb -> bb.asDoubleBuffer().put(a));
    }
    if (v instanceof int[] a) {
      return of(Dtype.INT32, new long[] {a.length}, bb -> bb.asIntBuffer().put(a));
    }
    if (v instanceof long[] a) {
      return of(Dtype.INT64, new long[] {a.length}, bb -> bb.asLongBuffer().put(a));
    }
    if (v instanceof short[] a) {
      return of(Dtype.INT16, new long[] {a.length}, bb -> bb.asShortBuffer().put(a));
    }
    if (v instanceof byte[] a) {
      // uint8, but Java's signed bytes for an int8 tensor
      Dtype bytes = dt == Dtype.INT8 ? Dtype.INT8 : Dtype.UINT8;
      return NdArray.of(bytes, new long[] {a.length}, a.clone());
    }
    if (v instanceof boolean[] a) {
      byte[] b = new byte[a.length];
      for (int i = 0; i < a.length; i++) {
        b[i] = (byte) (a[i] ? 1 : 0);
      }
      return NdArray.of(Dtype.BOOL, new long[] {a.length}, b);
    }
    if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        return NdArray.of(Dtype.INT64, new long[] {0}, new byte[0]);
      }
      return SampleValues.array(c, null);
    }
    throw new DeepLakeException(
        "tensor '" + name + "': cannot store a " + v.getClass().getName() + " as an array sample");
  }

  private interface Filler {
    void fill(ByteBuffer bb);
  }

  private static NdArray of(Dtype dt, long[] shape, Filler f) {
    ByteBuffer bb =
        ByteBuffer.allocate((int) (NdArray.numElements(shape) * dt.itemSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    f.fill(bb);
    return new NdArray(dt, shape, ByteBuffer.wrap(bb.array()));
  }

  /**
   * Class names become label indices; unknown names are added to the tensor's class_names, once
   * every name and index of {@code v} passed {@link #checkClassNames}.
   */
  private static Object classLabels(TensorWriter w, Object v, String name) {
    if (!checkClassNames(w, v)) {
      return v;
    }
    if (v instanceof String s) {
      return List.of(labelIndex(w, s));
    }
    List<Object> out = new ArrayList<>();
    for (Object x : (Collection<?>) v) {
      out.add(x instanceof String s ? labelIndex(w, s) : x);
    }
    return out;
  }

  /**
   * Whether {@code v} holds class names (a string, or a collection with strings); if so, refuses
   * names with a lone surrogate and indices the label dtype cannot hold, changing nothing.
   */
  private static boolean checkClassNames(TensorWriter w, Object v) {
    if (v instanceof String s) {
      SampleValues.checkString(s, "string");
      return true;
    }
    if (!(v instanceof Collection<?> c) || c.stream().noneMatch(x -> x instanceof String)) {
      return false;
    }
    Dtype dt = w.dtype() == null ? null : Dtype.parse(w.dtype());
    for (Object x : c) {
      if (x instanceof String s) {
        SampleValues.checkString(s, "string");
      } else {
        SampleValues.array(x, dt == null ? Dtype.UINT32 : dt);
      }
    }
    return true;
  }

  /**
   * Refuses {@code value} as {@link #encode} would refuse it by {@link SampleValues}' rule (lone
   * surrogates, values the dtype cannot hold), changing nothing: no htype, dtype or class name is
   * set. Link and sequence tensors are checked by {@link RowEncoder#checkValue}.
   */
  static void check(TensorWriter w, Object value, String name) {
    if (value == null) {
      return;
    }
    Htype h = w.htype() == null ? inferHtype(value, w.dtype()) : Htype.of(w.htype());
    switch (h) {
      case TEXT -> SampleValues.checkString(value.toString(), "string");
      case JSON, LIST, TAG -> SampleValues.checkJson(toJson(value, name));
      case POLYGON -> polygon(w, value, name);
      default -> {
        if (value instanceof SampleFile || h == Htype.CLASS_LABEL && checkClassNames(w, value)) {
          return;
        }
        NdArray a = toArray(w, h, value, name);
        Dtype dt = w.dtype() == null ? null : Dtype.parse(w.dtype());
        if (a != null && dt != null) {
          SampleValues.cast(a, dt);
        }
      }
    }
  }

  private static long labelIndex(TensorWriter w, String label) {
    ObjectNode info = w.info == null ? F.objectNode() : w.info.deepCopy();
    JsonNode names = info.get("class_names");
    ArrayNode arr = names instanceof ArrayNode a ? a : info.putArray("class_names");
    for (int i = 0; i < arr.size(); i++) {
      if (arr.get(i).asText().equals(label)) {
        return i;
      }
    }
    arr.add(label);
    w.setInfo(info);
    return arr.size() - 1;
  }

  /** An empty JSON value for json tensors (Python stores {} for None). */
  static JsonNode emptyJson() {
    return NullNode.getInstance();
  }
}
