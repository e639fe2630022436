package org.deeplake4j.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Float16;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * Fills Arrow vectors with a batch of rows in bulk: element bytes go from the decoded chunk
 * straight into the vector's data buffer ({@link Tensor#readRange}) when the Spark type has the
 * stored layout, and through one primitive conversion loop otherwise (unsigned widening, float16,
 * bool bits, class labels); no value is boxed. Each column owns its vectors, allocated once for the
 * batch size and refilled per batch. Not thread-safe.
 */
final class ArrowColumns {
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private ArrowColumns() {}

  /** One output column: its vector and how to fill it. */
  interface Column extends AutoCloseable {
    /** The Arrow vector (valid until the next fill). */
    FieldVector vector();

    /** The vector Spark reads (valid until the next fill; the reader's close releases it). */
    default ColumnVector sparkVector() {
      return new ReusedArrowColumnVector(vector());
    }

    /** Fills rows {@code [start, start + n)}. */
    void fill(long start, int n);

    @Override
    default void close() {
      vector().close();
    }
  }

  /** The column of {@code field} (which must be columnar: see {@link TensorColumn#isColumnar}). */
  static Column create(
      Dataset ds, ReadField field, ReadSpec spec, BufferAllocator alloc, int capacity) {
    if (field instanceof ReadField.IndexField) {
      BigIntVector v = new BigIntVector(DeepLakeSnapshot.INDEX_COLUMN, alloc);
      v.allocateNew(capacity);
      return new Column() {
        @Override
        public FieldVector vector() {
          return v;
        }

        @Override
        public void fill(long start, int n) {
          for (int i = 0; i < n; i++) {
            v.set(i, start + i);
          }
          v.setValueCount(n);
        }
      };
    }
    if (field instanceof ReadField.RefField) {
      VarCharVector v = new VarCharVector(DeepLakeSnapshot.REF_COLUMN, alloc);
      byte[] node = ds.nodeId().getBytes(StandardCharsets.UTF_8);
      v.allocateNew((long) capacity * node.length, capacity);
      return new Column() {
        @Override
        public FieldVector vector() {
          return v;
        }

        @Override
        public void fill(long start, int n) {
          for (int i = 0; i < n; i++) {
            v.setSafe(i, node);
          }
          v.setValueCount(n);
        }
      };
    }
    ReadField.TensorField tf = (ReadField.TensorField) field;
    Tensor t = ds.tensor(tf.tensor());
    TensorColumn c = SparkTypes.toSpark(t, spec.options());
    if (!c.dataType().equals(tf.type()) || !c.isColumnar()) {
      // Same check as the row path: the planned type must still hold.
      SparkValues.writer(ds, field, spec);
      throw new IllegalStateException("tensor '" + tf.tensor() + "' is not columnar");
    }
    if (c.kind() == SparkTypes.Kind.TEXT) {
      return new TextColumnFiller(t, c, alloc, capacity);
    }
    if (HeapArrayColumn.supports(t, c)) {
      return new HeapArrayColumn(t, c, capacity);
    }
    return new TensorColumnFiller(t, c, alloc, capacity);
  }

  /**
   * An Arrow column whose vector the reader refills for every batch: Spark's {@code ColumnarToRow}
   * frees "freeable" columns after each batch, which would release the buffers under the reader;
   * like Spark's own writable vectors, these are not freeable (the reader's close releases them).
   */
  static final class ReusedArrowColumnVector extends ArrowColumnVector {
    ReusedArrowColumnVector(org.apache.arrow.vector.ValueVector v) {
      super(v);
    }

    @Override
    public void closeIfFreeable() {
      // reused by the next batch
    }
  }

  /** Text: the stored UTF-8 bytes of each sample, without decoding them into strings. */
  private static final class TextColumnFiller implements Column {
    private final Tensor tensor;
    private final boolean raw;
    private final long length;
    private final VarCharVector vector;

    TextColumnFiller(Tensor t, TensorColumn c, BufferAllocator alloc, int capacity) {
      this.tensor = t;
      // Sample-compressed (lz4) text must be decompressed; otherwise the stored bytes are UTF-8.
      this.raw = t.metadata().sampleCompression() == null;
      this.length = t.length();
      this.vector = new VarCharVector(c.tensor(), alloc);
      vector.allocateNew((long) capacity * 32, capacity);
    }

    @Override
    public FieldVector vector() {
      return vector;
    }

    @Override
    public void fill(long start, int n) {
      vector.reset();
      int valid = (int) Math.max(0, Math.min(n, length - start));
      if (raw && valid > 0) {
        // The rows' stored UTF-8 bytes, fetched by range (or from the cached chunk) in one call.
        tensor.readStoredItems(
            start,
            start + valid,
            (row, src, off, len) -> vector.setSafe((int) (row - start), src, off, len));
      } else {
        for (int i = 0; i < valid; i++) {
          vector.setSafe(i, tensor.itemText(start + i).getBytes(StandardCharsets.UTF_8));
        }
      }
      for (int i = valid; i < n; i++) {
        vector.setNull(i);
      }
      vector.setValueCount(n);
    }
  }

  /** Scalars and fixed-shape arrays: a leaf vector under {@code ndim} list levels. */
  private static final class TensorColumnFiller implements Column {
    private final Tensor tensor;
    private final Dtype dtype;
    private final boolean classLabel;
    private final long length;
    private final long[] shape;
    private final long elementsPerRow;
    private final FieldVector top;
    private final ListVector[] lists;
    private final BaseFixedWidthVector leaf;
    private final int leafWidth;
    private final boolean sameLayout;
    private ByteBuffer scratch;

    TensorColumnFiller(Tensor t, TensorColumn c, BufferAllocator alloc, int capacity) {
      this.tensor = t;
      this.dtype = c.dtype();
      this.classLabel = t.baseType() == Htype.CLASS_LABEL;
      this.length = t.length();
      this.shape = c.ndim() == 0 ? new long[0] : c.fixedShape();
      long e = 1;
      for (long d : shape) {
        e *= d;
      }
      this.elementsPerRow = e;
      this.lists = new ListVector[shape.length];
      FieldType leafType = FieldType.nullable(arrowType());
      if (shape.length == 0) {
        this.leaf = (BaseFixedWidthVector) leafType.createNewSingleVector(c.tensor(), alloc, null);
        leaf.allocateNew(capacity);
        this.top = leaf;
      } else {
        long entries = capacity;
        for (int level = 0; level < shape.length; level++) {
          ListVector lv;
          if (level == 0) {
            lv = ListVector.empty(c.tensor(), alloc);
          } else {
            lv =
                (ListVector)
                    lists[level - 1]
                        .addOrGetVector(FieldType.nullable(ArrowType.List.INSTANCE))
                        .getVector();
          }
          lv.setInitialCapacity(Math.toIntExact(entries), shape[level]);
          lists[level] = lv;
          entries *= shape[level];
        }
        this.leaf =
            (BaseFixedWidthVector) lists[shape.length - 1].addOrGetVector(leafType).getVector();
        leaf.setInitialCapacity(Math.toIntExact(entries));
        lists[0].allocateNew();
        this.top = lists[0];
      }
      this.leafWidth = leaf.getTypeWidth();
      // Stored bytes are the vector's bytes: same width, signed or float32/64, little-endian. A
      // uint32 class label is copied as int32 bits too (labels are small, and the row path casts
      // the same way).
      this.sameLayout =
          LITTLE_ENDIAN
              && dtype != Dtype.BOOL
              && dtype != Dtype.FLOAT16
              && (!dtype.isUnsigned() || classLabel)
              && !(classLabel && dtype.isFloating())
              && dtype.itemSize() == leafWidth;
    }

    private ArrowType arrowType() {
      if (classLabel) {
        return new ArrowType.Int(32, true);
      }
      return switch (dtype) {
        case BOOL -> ArrowType.Bool.INSTANCE;
        case INT8 -> new ArrowType.Int(8, true);
        case INT16, UINT8 -> new ArrowType.Int(16, true);
        case INT32, UINT16 -> new ArrowType.Int(32, true);
        case INT64, UINT32 -> new ArrowType.Int(64, true);
        case FLOAT16, FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        default -> throw new IllegalStateException("no Arrow vector for " + dtype);
      };
    }

    @Override
    public FieldVector vector() {
      return top;
    }

    @Override
    public void fill(long start, int n) {
      int valid = (int) Math.max(0, Math.min(n, length - start));
      int elements = Math.toIntExact(valid * elementsPerRow);
      fillLeaf(start, valid, elements);
      if (shape.length == 0) {
        clearValidity(leaf.getValidityBuffer());
        setValid(leaf.getValidityBuffer(), valid);
        leaf.setValueCount(n);
        return;
      }
      clearValidity(leaf.getValidityBuffer());
      setValid(leaf.getValidityBuffer(), elements);
      long entries = n;
      long validEntries = valid;
      for (int level = 0; level < shape.length; level++) {
        ListVector lv = lists[level];
        int m = Math.toIntExact(entries);
        int d = (int) shape[level];
        ArrowBuf offsets = lv.getOffsetBuffer();
        for (int i = 0; i <= m; i++) {
          offsets.setInt((long) i * ListVector.OFFSET_WIDTH, (int) Math.min(i, validEntries) * d);
        }
        clearValidity(lv.getValidityBuffer());
        setValid(lv.getValidityBuffer(), Math.toIntExact(validEntries));
        lv.setLastSet(m - 1);
        entries = validEntries * d;
        validEntries = entries;
      }
      lists[0].setValueCount(n);
    }

    private void fillLeaf(long start, int rows, int elements) {
      if (rows == 0) {
        return;
      }
      if (sameLayout) {
        // One copy from storage (or the decoded chunk) into the vector's off-heap buffer.
        ByteBuffer dst = leaf.getDataBuffer().nioBuffer(0, elements * leafWidth);
        long got = tensor.readStoredRange(start, start + rows, dst);
        checkBytes(got, (long) elements * leafWidth, start, rows);
        return;
      }
      int raw = elements * dtype.itemSize();
      if (scratch == null || scratch.capacity() < raw) {
        scratch = ByteBuffer.allocate(raw).order(ByteOrder.LITTLE_ENDIAN);
      }
      scratch.clear();
      long got = tensor.readStoredRange(start, start + rows, scratch);
      checkBytes(got, raw, start, rows);
      ByteBuffer in = scratch;
      ArrowBuf out = leaf.getDataBuffer();
      if (dtype == Dtype.BOOL) {
        ArrowBuf bits = leaf.getDataBuffer();
        bits.setZero(0, bits.capacity());
        for (int i = 0; i < elements; i++) {
          if (in.get(i) != 0) {
            BitVectorHelper.setBit(bits, i);
          }
        }
        return;
      }
      if (classLabel) {
        for (int i = 0; i < elements; i++) {
          out.setInt((long) i * 4, (int) longAt(in, i));
        }
        return;
      }
      // One loop per conversion (the dtype switch is outside the loop).
      switch (dtype) {
        case INT8 -> {
          for (int i = 0; i < elements; i++) {
            out.setByte(i, in.get(i));
          }
        }
        case INT16 -> {
          for (int i = 0; i < elements; i++) {
            out.setShort(2L * i, in.getShort(2 * i));
          }
        }
        case UINT8 -> {
          for (int i = 0; i < elements; i++) {
            out.setShort(2L * i, (short) (in.get(i) & 0xFF));
          }
        }
        case INT32 -> {
          for (int i = 0; i < elements; i++) {
            out.setInt(4L * i, in.getInt(4 * i));
          }
        }
        case UINT16 -> {
          for (int i = 0; i < elements; i++) {
            out.setInt(4L * i, in.getShort(2 * i) & 0xFFFF);
          }
        }
        case INT64 -> {
          for (int i = 0; i < elements; i++) {
            out.setLong(8L * i, in.getLong(8 * i));
          }
        }
        case UINT32 -> {
          for (int i = 0; i < elements; i++) {
            out.setLong(8L * i, in.getInt(4 * i) & 0xFFFF_FFFFL);
          }
        }
        case FLOAT16 -> {
          for (int i = 0; i < elements; i++) {
            out.setFloat(4L * i, Float16.toFloat(in.getShort(2 * i)));
          }
        }
        case FLOAT32 -> {
          for (int i = 0; i < elements; i++) {
            out.setFloat(4L * i, in.getFloat(4 * i));
          }
        }
        case FLOAT64 -> {
          for (int i = 0; i < elements; i++) {
            out.setDouble(8L * i, in.getDouble(8 * i));
          }
        }
        default -> throw new IllegalStateException("no Arrow element for " + dtype);
      }
    }

    private long longAt(ByteBuffer in, int i) {
      return switch (dtype) {
        case INT8 -> in.get(i);
        case UINT8 -> in.get(i) & 0xFF;
        case INT16 -> in.getShort(2 * i);
        case UINT16 -> in.getShort(2 * i) & 0xFFFF;
        case INT32 -> in.getInt(4 * i);
        case UINT32 -> in.getInt(4 * i) & 0xFFFF_FFFFL;
        case INT64, UINT64 -> in.getLong(8 * i);
        default -> (long) in.getDouble(8 * i);
      };
    }

    private void checkBytes(long got, long expected, long start, int rows) {
      if (got != expected) {
        throw new CorruptDataException(
            tensor.key(),
            "rows ["
                + start
                + ", "
                + (start + rows)
                + ") of tensor '"
                + tensor.name()
                + "' hold "
                + got
                + " bytes, but their fixed shape needs "
                + expected);
      }
    }
  }

  private static void clearValidity(ArrowBuf validity) {
    validity.setZero(0, validity.capacity());
  }

  /** Marks entries {@code [0, n)} valid. */
  private static void setValid(ArrowBuf validity, int n) {
    int full = n / 8;
    if (full > 0) {
      validity.setOne(0, full);
    }
    for (int i = full * 8; i < n; i++) {
      BitVectorHelper.setBit(validity, i);
    }
  }
}
