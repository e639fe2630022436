package org.deeplake4j.engine.internal.read;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.internal.format.NdArrays;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Decoding of single stored samples: sizes of stored shapes (an overflow is corrupt data), blobs of
 * sample-compressed tensors and polygons. Stateless.
 */
final class SampleCodec {
  private SampleCodec() {}

  /** The numeric dtype of tensor {@code name}; a text, json or list tensor has none. */
  static Dtype requireDtype(String name, TensorMeta meta) {
    Dtype dtype = meta.numericDtype();
    if (dtype == null) {
      throw new DeepLakeException(
          "tensor '"
              + name
              + "' has no numeric dtype (htype "
              + meta.displayHtype()
              + ", dtype "
              + meta.dtype()
              + ")");
    }
    return dtype;
  }

  /** Number of elements of a stored shape; an overflowing product is corrupt data. */
  static long elements(long[] shape, String ckey) {
    try {
      return NdArray.numElements(shape);
    } catch (ArithmeticException e) {
      throw new CorruptDataException(
          ckey, "shape " + Arrays.toString(shape) + " has more than 2^63 elements");
    }
  }

  /** Bytes of a stored shape of {@code dt}; an overflowing product is corrupt data. */
  static long byteSize(long[] shape, Dtype dt, String ckey) {
    try {
      return Math.multiplyExact(elements(shape, ckey), (long) dt.itemSize());
    } catch (ArithmeticException e) {
      throw new CorruptDataException(
          ckey,
          "shape " + Arrays.toString(shape) + " of " + dt.numpyName() + " exceeds 2^63 bytes");
    }
  }

  /** Checks that item {@code item} of tensor {@code name} has the bytes its shape needs. */
  static void checkSize(String name, long bytes, long[] shape, Dtype dt, String ckey, long item) {
    long need = byteSize(shape, dt, ckey);
    if (bytes != need) {
      throw new CorruptDataException(
          ckey,
          "item "
              + item
              + " of '"
              + name
              + "' has "
              + bytes
              + " bytes but shape "
              + Arrays.toString(shape)
              + " of "
              + dt.numpyName()
              + " needs "
              + need);
    }
  }

  /** Decodes the sample blob {@code b[off, off+len)} of tensor {@code name}. */
  static NdArray decodeBlob(
      String name, byte[] b, int off, int len, String codec, long[] shape, Dtype dt, String ckey) {
    if (len == 0 || elements(shape, ckey) == 0) {
      return new NdArray(dt, shape, ByteBuffer.allocate(0));
    }
    if (Codecs.isByteCodec(codec)) {
      byte[] d = Lz4.decompress(b, off, len, ckey);
      checkSize(name, d.length, shape, dt, ckey, -1);
      return NdArray.of(dt, shape, d);
    }
    if (Codecs.isImageCodec(codec)) {
      return NdArrays.reshapeCast(Images.decode(b, off, len, codec, ckey), shape, dt, ckey);
    }
    throw new UnsupportedFormatException(
        "tensor '"
            + name
            + "': "
            + codec
            + " samples are kept as stored files; read them with bytes() (shape "
            + Arrays.toString(shape)
            + ")");
  }

  /**
   * A polygon sample padded to its stored shape {@code (num_polygons, max_points, ndim)} with
   * zeros. Stored: uint16 P, P x uint16 point counts, then points polygon after polygon.
   */
  static NdArray polygonPadded(ByteBuffer b, long[] shape, Dtype dt, String ckey) {
    ByteBuffer in = b.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < 2) {
      throw new CorruptDataException(ckey, "polygon sample of " + in.remaining() + " bytes");
    }
    int p = in.getShort() & 0xFFFF;
    if (shape.length != 3 || p != shape[0] || in.remaining() < 2 * p) {
      throw new CorruptDataException(
          ckey, "polygon sample declares " + p + " polygons for shape " + Arrays.toString(shape));
    }
    int[] counts = new int[p];
    for (int i = 0; i < p; i++) {
      counts[i] = in.getShort() & 0xFFFF;
    }
    long padded = byteSize(shape, dt, ckey);
    int maxPoints = 0;
    for (int c : counts) {
      maxPoints = Math.max(maxPoints, c);
    }
    if (shape[1] != maxPoints || padded > Integer.MAX_VALUE - 16) {
      throw new CorruptDataException(
          ckey,
          "polygon sample of shape "
              + Arrays.toString(shape)
              + " has at most "
              + maxPoints
              + " points per polygon");
    }
    int maxPts = (int) shape[1];
    int nd = (int) shape[2];
    int item = dt.itemSize();
    byte[] out = new byte[(int) padded];
    for (int i = 0; i < p; i++) {
      int n = counts[i] * nd * item;
      if (counts[i] > maxPts || in.remaining() < n) {
        throw new CorruptDataException(ckey, "polygon " + i + " overruns the sample");
      }
      in.get(out, i * maxPts * nd * item, n);
    }
    return NdArray.of(dt, shape, out);
  }

  /** The polygons of a polygon sample, each of shape {@code (points, ndim)}. */
  static List<NdArray> polygons(ByteBuffer raw, long[] shape, Dtype dt, String ckey) {
    List<NdArray> out = new ArrayList<>();
    if (NdArray.numElements(shape) == 0) {
      return out;
    }
    ByteBuffer in = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < 2) {
      throw new CorruptDataException(ckey, "polygon sample of " + in.remaining() + " bytes");
    }
    int p = in.getShort() & 0xFFFF;
    if (shape.length != 3 || in.remaining() < 2 * p) {
      throw new CorruptDataException(
          ckey, "polygon sample declares " + p + " polygons for shape " + Arrays.toString(shape));
    }
    int[] counts = new int[p];
    for (int i = 0; i < p; i++) {
      counts[i] = in.getShort() & 0xFFFF;
    }
    int nd = (int) shape[2];
    for (int i = 0; i < p; i++) {
      int n = counts[i] * nd * dt.itemSize();
      if (in.remaining() < n) {
        throw new CorruptDataException(ckey, "polygon " + i + " overruns the sample");
      }
      byte[] b = new byte[n];
      in.get(b);
      out.add(NdArray.of(dt, new long[] {counts[i], nd}, b));
    }
    return out;
  }
}
