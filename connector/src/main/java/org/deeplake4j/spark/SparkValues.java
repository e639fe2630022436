package org.deeplake4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.types.variant.Variant;
import org.apache.spark.types.variant.VariantBuilder;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.unsafe.types.VariantVal;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Float16;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * Reads samples as Spark internal values ({@link UTF8String}, {@link ArrayData}, {@link Decimal},
 * {@code byte[]}, nested rows), following the mapping of {@link SparkTypes}. Numeric arrays are
 * built from the sample's element bytes in bulk (no per-element boxing); scalars go straight into
 * the row's primitive slots.
 */
final class SparkValues {
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private SparkValues() {}

  /** Writes one field of one row into a row. */
  @FunctionalInterface
  interface FieldWriter {
    void write(long row, InternalRow out, int ordinal);
  }

  /**
   * The writer of {@code field} for the rows of {@code ds} (open at the spec's version).
   *
   * @throws DeepLakeException if a tensor no longer maps to the type planned on the driver
   */
  static FieldWriter writer(Dataset ds, ReadField field, ReadSpec spec) {
    if (field instanceof ReadField.IndexField) {
      return (row, out, i) -> out.setLong(i, row);
    }
    if (field instanceof ReadField.RefField) {
      UTF8String node = UTF8String.fromString(ds.nodeId());
      return (row, out, i) -> out.update(i, node);
    }
    if (field instanceof ReadField.GroupField g) {
      List<ReadField> fs = g.fields();
      FieldWriter[] ws = new FieldWriter[fs.size()];
      for (int k = 0; k < ws.length; k++) {
        ws[k] = writer(ds, fs.get(k), spec);
      }
      return (row, out, i) -> {
        GenericInternalRow nested = new GenericInternalRow(ws.length);
        for (int k = 0; k < ws.length; k++) {
          ws[k].write(row, nested, k);
        }
        out.update(i, nested);
      };
    }
    if (field instanceof ReadField.DerivedField df) {
      return derivedWriter(ds, df, spec);
    }
    ReadField.TensorField tf = (ReadField.TensorField) field;
    Tensor t = ds.tensor(tf.tensor());
    TensorColumn c = SparkTypes.toSpark(t, spec.options());
    int[] pruned = c.kind() == SparkTypes.Kind.IMAGE ? prunedImage(c, tf.type()) : null;
    if (pruned == null && !c.dataType().equals(tf.type())) {
      throw new DeepLakeException(
          "tensor '"
              + tf.tensor()
              + "' of "
              + spec.options().path()
              + " at "
              + spec.nodeId()
              + " now reads as "
              + c.dataType().simpleString()
              + " but the query was planned with "
              + tf.type().simpleString()
              + "; the branch head changed during the query, run it again");
    }
    long length = t.length();
    if (c.isScalar()) {
      return scalarWriter(t, c, length);
    }
    ItemReader items = itemReader(t, c, spec);
    if (pruned != null && pruned.length != SparkTypes.IMAGE.size()) {
      ItemReader all = items;
      items =
          item -> {
            InternalRow full = (InternalRow) all.read(item);
            if (full == null) {
              return null;
            }
            Object[] out = new Object[pruned.length];
            for (int k = 0; k < out.length; k++) {
              out[k] = ((GenericInternalRow) full).genericGet(pruned[k]);
            }
            return new GenericInternalRow(out);
          };
    }
    return itemsWriter(t, items, c.sequence(), length);
  }

  /**
   * The ordinals in {@link SparkTypes#IMAGE} of the fields of {@code wanted} (the image struct, or
   * an array of it for sequences, as Spark pruned it to the fields a query uses), or null if {@code
   * wanted} is not such a pruning.
   */
  private static int[] prunedImage(TensorColumn c, DataType wanted) {
    DataType item = wanted;
    if (c.sequence()) {
      if (!(wanted instanceof org.apache.spark.sql.types.ArrayType a)) {
        return null;
      }
      item = a.elementType();
    }
    if (!(item instanceof org.apache.spark.sql.types.StructType st)) {
      return null;
    }
    java.util.List<String> names = java.util.Arrays.asList(SparkTypes.IMAGE.fieldNames());
    int[] out = new int[st.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = names.indexOf(st.fields()[k].name());
      if (out[k] < 0
          || !SparkTypes.IMAGE.fields()[out[k]].dataType().equals(st.fields()[k].dataType())) {
        return null;
      }
    }
    return out;
  }

  /** The writer of a {@code <tensor>_shape} or {@code <tensor>_label} column. */
  private static FieldWriter derivedWriter(Dataset ds, ReadField.DerivedField df, ReadSpec spec) {
    Tensor t = ds.tensor(df.tensor());
    DataType type;
    ItemReader items;
    if (df.what() == ReadField.Derived.SHAPE) {
      type = SparkTypes.shapeType(t);
      Tensor shapes = t.isLink() ? shapeTensor(ds, t) : null;
      if (t.isLink() && shapes == null) {
        // No recorded shapes: a link's shape is its decoded file's.
        items =
            item ->
                t.itemLinkPath(item).isEmpty()
                    ? null
                    : UnsafeArrayData.fromPrimitiveArray(t.itemNumpy(item).shape());
      } else if (t.isLink()) {
        // The link's own chunks hold strings; the shapes are in its hidden _x_shape tensor.
        items =
            item -> {
              NdArray a = shapes.itemNumpy(item);
              long[] dims = new long[(int) a.size()];
              for (int k = 0; k < dims.length; k++) {
                dims[k] = a.getLong(k);
              }
              return UnsafeArrayData.fromPrimitiveArray(dims);
            };
      } else {
        items = item -> UnsafeArrayData.fromPrimitiveArray(t.itemShape(item));
      }
    } else {
      TensorColumn c =
          SparkTypes.toSpark(t, spec.options().withClassLabels(DeepLakeOptions.ClassLabels.NAME));
      type = c.dataType();
      items = c.kind() == SparkTypes.Kind.CLASS_NAME ? classNames(t, c) : null;
    }
    if (items == null || !type.equals(df.type())) {
      throw new DeepLakeException(
          "column '"
              + df.tensor()
              + df.what().suffix()
              + "' of "
              + spec.options().path()
              + " at "
              + spec.nodeId()
              + " no longer reads as "
              + df.type().simpleString()
              + "; the branch head changed during the query, run it again");
    }
    return itemsWriter(t, items, t.isSequence(), t.length());
  }

  /** The hidden {@code _x_shape} tensor next to {@code t}, or null. */
  private static Tensor shapeTensor(Dataset ds, Tensor t) {
    String n = t.name();
    int slash = n.lastIndexOf('/');
    String name = n.substring(0, slash + 1) + "_" + n.substring(slash + 1) + "_shape";
    if (!ds.hasTensor(name)) {
      return null;
    }
    Tensor s = ds.tensor(name);
    return s.length() == t.numItems() && s.dtype() != null ? s : null;
  }

  private static FieldWriter itemsWriter(
      Tensor t, ItemReader items, boolean sequence, long length) {
    if (sequence) {
      return (row, out, i) -> {
        if (row >= length) {
          out.setNullAt(i);
          return;
        }
        long[] r = t.sequenceRange(row);
        Object[] vs = new Object[(int) (r[1] - r[0])];
        for (int k = 0; k < vs.length; k++) {
          vs[k] = items.read(r[0] + k);
        }
        out.update(i, new GenericArrayData(vs));
      };
    }
    return (row, out, i) -> {
      Object v = row < length ? items.read(row) : null;
      if (v == null) {
        out.setNullAt(i);
      } else {
        out.update(i, v);
      }
    };
  }

  /** One item (a row, or an item of a sequence) as a Spark value, or null. */
  @FunctionalInterface
  interface ItemReader {
    Object read(long item);
  }

  private static FieldWriter scalarWriter(Tensor t, TensorColumn c, long length) {
    boolean classLabel = t.baseType() == Htype.CLASS_LABEL;
    Dtype d = c.dtype();
    return (row, out, i) -> {
      NdArray a = row < length ? t.numpy(row) : null;
      if (a == null || a.size() == 0) {
        out.setNullAt(i);
        return;
      }
      if (classLabel) {
        out.setInt(i, (int) a.getLong(0));
        return;
      }
      switch (d) {
        case BOOL -> out.setBoolean(i, a.getBoolean(0));
        case INT8 -> out.setByte(i, (byte) a.getLong(0));
        case INT16, UINT8 -> out.setShort(i, (short) a.getLong(0));
        case INT32, UINT16 -> out.setInt(i, (int) a.getLong(0));
        case INT64, UINT32 -> out.setLong(i, a.getLong(0));
        case UINT64 -> out.update(i, unsigned(a.getLong(0)));
        case FLOAT16, FLOAT32 -> out.setFloat(i, (float) a.getDouble(0));
        case FLOAT64 -> out.setDouble(i, a.getDouble(0));
        default -> throw new IllegalStateException("no scalar slot for " + d);
      }
    };
  }

  /** The item reader of a non-scalar column (also the items of sequences). */
  static ItemReader itemReader(Tensor t, TensorColumn c) {
    return itemReader(t, c, null);
  }

  /**
   * The item reader of a non-scalar column; {@code spec} names the dataset in the origin of decoded
   * images (may be null).
   */
  static ItemReader itemReader(Tensor t, TensorColumn c, ReadSpec spec) {
    return switch (c.kind()) {
      case NUMERIC -> numericItems(t, c);
      case TEXT -> item -> UTF8String.fromString(t.itemText(item));
      case JSON -> item -> UTF8String.fromString(t.itemJsonDecoded(item).toString());
      case LIST -> item -> list(t.itemJsonDecoded(item));
      case CLASS_NAME -> classNames(t, c);
      case POLYGON -> polygons(t, c);
      case BINARY -> binary(t);
      case IMAGE -> images(t, spec == null ? "" : spec.options().path());
      case LINK_BYTES -> item -> t.itemLinkPath(item).isEmpty() ? null : t.itemLinkedBytes(item);
      case VARIANT -> item -> variant(t.itemJsonDecoded(item).toString(), t, item);
      case LINK ->
          item -> {
            String p = t.itemLinkPath(item);
            return p.isEmpty() ? null : UTF8String.fromString(p);
          };
      case NONE -> item -> null;
    };
  }

  private static ItemReader numericItems(Tensor t, TensorColumn c) {
    boolean classLabel = t.baseType() == Htype.CLASS_LABEL;
    Dtype d = c.dtype();
    if (c.ndim() == 0) {
      // Scalar items of a sequence: boxed, as GenericArrayData holds objects.
      return item -> {
        NdArray a = t.itemNumpy(item);
        if (a.size() == 0) {
          return null;
        }
        if (classLabel) {
          return (int) a.getLong(0);
        }
        return switch (d) {
          case BOOL -> a.getBoolean(0);
          case INT8 -> (byte) a.getLong(0);
          case INT16, UINT8 -> (short) a.getLong(0);
          case INT32, UINT16 -> (int) a.getLong(0);
          case INT64, UINT32 -> a.getLong(0);
          case UINT64 -> unsigned(a.getLong(0));
          case FLOAT16, FLOAT32 -> (float) a.getDouble(0);
          case FLOAT64 -> a.getDouble(0);
          default -> throw new IllegalStateException("no scalar value for " + d);
        };
      };
    }
    return item -> {
      NdArray a = t.itemNumpy(item);
      return a.size() == 0 ? null : array(a, classLabel, c.ndim(), t.name());
    };
  }

  private static ItemReader classNames(Tensor t, TensorColumn c) {
    List<String> names = c.classNames();
    UTF8String[] utf = new UTF8String[names.size()];
    for (int k = 0; k < utf.length; k++) {
      utf[k] = UTF8String.fromString(names.get(k));
    }
    return item -> {
      NdArray a = t.itemNumpy(item);
      if (a.size() == 0) {
        return null;
      }
      if (c.ndim() == 0) {
        long idx = a.getLong(0);
        return idx >= 0 && idx < utf.length ? utf[(int) idx] : null;
      }
      long[] shape = a.shape();
      checkLevels(shape, c.ndim(), t.name());
      Object[] flat = new Object[a.size()];
      for (int k = 0; k < flat.length; k++) {
        long idx = a.getLong(k);
        flat[k] = idx >= 0 && idx < utf.length ? utf[(int) idx] : null;
      }
      return nestObjects(flat, shape, 0, 0);
    };
  }

  /**
   * Decoded images as Spark's image struct ({@link SparkTypes#IMAGE}), converted as Spark's own
   * image source does: one channel as is (CV_8UC1), RGB to BGR (CV_8UC3), RGBA to BGRA (CV_8UC4).
   * The origin is the link of a link tensor, else {@code <dataset>/<tensor>[<item>]}.
   */
  private static ItemReader images(Tensor t, String dataset) {
    boolean link = t.isLink();
    String prefix = dataset + "/" + t.name() + "[";
    return item -> {
      String origin;
      if (link) {
        origin = t.itemLinkPath(item);
        if (origin.isEmpty()) {
          return null;
        }
      } else {
        if (isEmpty(t.itemShape(item))) {
          return null;
        }
        origin = prefix + item + "]";
      }
      NdArray px = t.itemNumpy(item);
      long[] s = px.shape();
      int channels = s.length == 2 ? 1 : s.length == 3 ? (int) s[2] : -1;
      if (px.dtype() != Dtype.UINT8 || channels != 1 && channels != 3 && channels != 4) {
        throw new DeepLakeException(
            "tensor '"
                + t.name()
                + "' item "
                + item
                + " ("
                + origin
                + ") decodes to "
                + px.dtype().numpyName()
                + " pixels of shape "
                + java.util.Arrays.toString(s)
                + "; Spark's image struct holds 8-bit images of 1, 3 or 4 channels");
      }
      byte[] data = px.toBytes();
      if (channels >= 3) {
        for (int k = 0; k < data.length; k += channels) {
          byte r = data[k];
          data[k] = data[k + 2];
          data[k + 2] = r;
        }
      }
      int mode =
          channels == 1
              ? SparkTypes.CV_8UC1
              : channels == 3 ? SparkTypes.CV_8UC3 : SparkTypes.CV_8UC4;
      return new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(origin), (int) s[0], (int) s[1], channels, mode, data
          });
    };
  }

  /** JSON text as a variant, parsed as Spark's {@code parse_json} does (duplicate keys refused). */
  private static VariantVal variant(String json, Tensor t, long item) {
    try {
      Variant v = VariantBuilder.parseJson(json, false);
      return new VariantVal(v.getValue(), v.getMetadata());
    } catch (IOException | RuntimeException e) {
      throw new DeepLakeException(
          "tensor '" + t.name() + "' item " + item + " does not convert to a variant: " + e, e);
    }
  }

  private static ItemReader polygons(Tensor t, TensorColumn c) {
    return item -> {
      if (isEmpty(t.itemShape(item))) {
        return null;
      }
      List<NdArray> polys = t.itemPolygons(item);
      Object[] out = new Object[polys.size()];
      for (int k = 0; k < out.length; k++) {
        out[k] = array(polys.get(k), false, 2, t.name());
      }
      return new GenericArrayData(out);
    };
  }

  private static boolean isEmpty(long[] shape) {
    for (long d : shape) {
      if (d == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stored bytes of a media sample: the compressed file for sample-compressed tensors, the raw
   * bytes for uncompressed ones, and the decoded pixel bytes where no single stored blob exists
   * (tiled samples, image-compressed chunks).
   */
  private static byte[] storedBytes(Tensor t, long item, boolean canvas) {
    return canvas || t.isTiled(item) ? t.itemNumpy(item).toBytes() : t.itemBytes(item);
  }

  /** Binary items: null for an empty sample, else {@link #storedBytes}. */
  private static ItemReader binary(Tensor t) {
    boolean canvas = t.metadata().hasImageChunks();
    return item -> isEmpty(t.itemShape(item)) ? null : storedBytes(t, item, canvas);
  }

  /** A list sample whose numpy arrays are already decoded ({@link Tensor#itemJsonDecoded}). */
  private static ArrayData list(JsonNode v) {
    Object[] out = new Object[v.size()];
    for (int k = 0; k < out.length; k++) {
      JsonNode e = v.get(k);
      out[k] = UTF8String.fromString(e.isTextual() ? e.asText() : e.toString());
    }
    return new GenericArrayData(out);
  }

  private static Decimal unsigned(long v) {
    BigInteger b = v >= 0 ? BigInteger.valueOf(v) : new BigInteger(Long.toUnsignedString(v));
    return Decimal.apply(new BigDecimal(b), 20, 0);
  }

  private static void checkLevels(long[] shape, int levels, String tensor) {
    if (shape.length != levels) {
      throw new DeepLakeException(
          "tensor '"
              + tensor
              + "' has a sample of "
              + shape.length
              + " dimensions but its metadata declares "
              + levels);
    }
  }

  /**
   * A numeric sample as nested Spark arrays of {@code levels} levels (complex values add a level of
   * [real, imaginary]).
   */
  static ArrayData array(NdArray a, boolean classLabel, int levels, String tensor) {
    Dtype d = a.dtype();
    long[] shape = a.shape();
    if (d == Dtype.COMPLEX64 || d == Dtype.COMPLEX128) {
      shape = java.util.Arrays.copyOf(shape, shape.length + 1);
      shape[shape.length - 1] = 2;
      a = new NdArray(d == Dtype.COMPLEX64 ? Dtype.FLOAT32 : Dtype.FLOAT64, shape, a.buffer());
      d = a.dtype();
    }
    checkLevels(shape, levels, tensor);
    if (d == Dtype.UINT64 && !classLabel) {
      Object[] flat = new Object[a.size()];
      for (int k = 0; k < flat.length; k++) {
        flat[k] = unsigned(a.getLong(k));
      }
      return nestObjects(flat, shape, 0, 0);
    }
    int width = classLabel ? 4 : sparkWidth(d);
    byte[] flat = nativeBytes(a, classLabel, width);
    return nestPrimitive(flat, width, shape, 0, 0);
  }

  /** Bytes per element of the Spark type a dtype maps to. */
  private static int sparkWidth(Dtype d) {
    return switch (d) {
      case BOOL, INT8 -> 1;
      case INT16, UINT8 -> 2;
      case INT32, UINT16, FLOAT16, FLOAT32 -> 4;
      default -> 8;
    };
  }

  /** The elements converted to the Spark element type, in native byte order, back to back. */
  private static byte[] nativeBytes(NdArray a, boolean classLabel, int width) {
    Dtype d = a.dtype();
    int n = a.size();
    if (!classLabel
        && LITTLE_ENDIAN
        && d != Dtype.BOOL
        && d.itemSize() == width
        && !d.isUnsigned()
        && d != Dtype.FLOAT16) {
      return a.toBytes(); // same layout: one bulk copy
    }
    ByteBuffer out = ByteBuffer.allocate(n * width).order(ByteOrder.nativeOrder());
    if (classLabel) {
      for (int k = 0; k < n; k++) {
        out.putInt((int) a.getLong(k));
      }
      return out.array();
    }
    ByteBuffer in = a.buffer();
    switch (d) {
      case BOOL -> {
        for (int k = 0; k < n; k++) {
          out.put(in.get(k) != 0 ? (byte) 1 : (byte) 0);
        }
      }
      case INT8 -> out.put(in);
      case INT16 -> {
        for (int k = 0; k < n; k++) {
          out.putShort(in.getShort(2 * k));
        }
      }
      case UINT8 -> {
        for (int k = 0; k < n; k++) {
          out.putShort((short) (in.get(k) & 0xFF));
        }
      }
      case INT32, FLOAT32 -> {
        for (int k = 0; k < n; k++) {
          out.putInt(in.getInt(4 * k));
        }
      }
      case UINT16 -> {
        for (int k = 0; k < n; k++) {
          out.putInt(in.getShort(2 * k) & 0xFFFF);
        }
      }
      case FLOAT16 -> {
        for (int k = 0; k < n; k++) {
          out.putFloat(Float16.toFloat(in.getShort(2 * k)));
        }
      }
      case INT64, FLOAT64 -> {
        for (int k = 0; k < n; k++) {
          out.putLong(in.getLong(8 * k));
        }
      }
      case UINT32 -> {
        for (int k = 0; k < n; k++) {
          out.putLong(in.getInt(4 * k) & 0xFFFF_FFFFL);
        }
      }
      default -> throw new IllegalStateException("no Spark element for " + d);
    }
    return out.array();
  }

  private static ArrayData nestPrimitive(
      byte[] flat, int width, long[] shape, int dim, long offset) {
    int len = (int) shape[dim];
    if (dim == shape.length - 1) {
      return UnsafeArrayData.fromPrimitiveArray(
          flat, Platform.BYTE_ARRAY_OFFSET + (int) (offset * width), len, width);
    }
    long stride = 1;
    for (int k = dim + 1; k < shape.length; k++) {
      stride *= shape[k];
    }
    Object[] out = new Object[len];
    for (int k = 0; k < len; k++) {
      out[k] = nestPrimitive(flat, width, shape, dim + 1, offset + k * stride);
    }
    return new GenericArrayData(out);
  }

  private static ArrayData nestObjects(Object[] flat, long[] shape, int dim, long offset) {
    int len = (int) shape[dim];
    if (dim == shape.length - 1) {
      Object[] out = new Object[len];
      System.arraycopy(flat, (int) offset, out, 0, len);
      return new GenericArrayData(out);
    }
    long stride = 1;
    for (int k = dim + 1; k < shape.length; k++) {
      stride *= shape[k];
    }
    Object[] out = new Object[len];
    for (int k = 0; k < len; k++) {
      out[k] = nestObjects(flat, shape, dim + 1, offset + k * stride);
    }
    return new GenericArrayData(out);
  }
}
