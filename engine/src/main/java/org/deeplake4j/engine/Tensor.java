package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.ChunkCache;
import org.deeplake4j.engine.internal.Scratch;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Encoders;
import org.deeplake4j.engine.internal.format.Htypes;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.internal.format.NdArrays;
import org.deeplake4j.engine.internal.format.RunTable;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.format.TileEncoder;
import org.deeplake4j.engine.internal.version.ChunkLocator;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * One tensor of a {@link Dataset} at the dataset's version: its metadata and its samples.
 *
 * <p>A row is what Python's {@code ds.tensor[i]} returns: for a {@code sequence[...]} tensor a
 * whole sequence of items, otherwise one item. Item-level methods ({@code item*}) address the
 * flattened items directly. Numeric reads return {@link NdArray}s that view decoded chunk bytes
 * without per-element boxing.
 *
 * <p>Thread-safe: reads may run concurrently; decoded chunks are shared through the dataset's
 * cache. Valid while its dataset is open.
 */
public final class Tensor {
  private final Dataset dataset;
  private final String name;
  private final String key;
  private final TensorMeta meta;
  private final JsonNode info;
  private final ChunkIdEncoder chunkIds;
  private final TileEncoder tiles;
  private final RunTable sequences;
  private final RunTable creds;
  private final ChunkLocator locator;
  private final ChunkCache cache;
  private final Storage storage;
  private final Dtype dtype;
  private final long generation;
  private final ChunkClass chunkClass;
  private final boolean textLike;
  private final boolean polygon;

  /** Storage keys of the chunk rows, filled on first use (a benign race: keys are immutable). */
  private final String[] rowKeys;

  /**
   * The chunk read last, so runs of reads in one chunk skip the cache lookup. It keeps at most one
   * chunk per tensor reachable beyond the cache's bound.
   */
  private volatile LastChunk last;

  private record LastChunk(int row, Loaded chunk) {}

  Tensor(
      Dataset dataset,
      String name,
      String key,
      TensorMeta meta,
      JsonNode info,
      ChunkCache cache,
      List<String> chain) {
    this.dataset = dataset;
    this.generation = dataset.generation();
    this.name = name;
    this.key = key;
    this.meta = meta;
    this.info = info;
    this.cache = cache;
    this.storage = dataset.storage();
    String node = chain.get(0);
    String encKey = VersionKeys.at(node, Layout.chunksIndex(key));
    this.chunkIds =
        storage
            .getIfExists(encKey)
            .map(b -> ChunkIdEncoder.parse(b, encKey))
            .orElse(ChunkIdEncoder.empty());
    // More items than the meta's length are the tail of a flush that died before its metas:
    // invisible, as in Python. Fewer would leave samples without chunks.
    if (chunkIds.numItems() < meta.length()) {
      throw new CorruptDataException(
          encKey,
          "chunk-id encoder covers "
              + chunkIds.numItems()
              + " items but tensor_meta.json of '"
              + name
              + "' says length "
              + meta.length());
    }
    String tileKey = VersionKeys.at(node, Layout.tilesIndex(key));
    this.tiles =
        storage
            .getIfExists(tileKey)
            .map(b -> TileEncoder.parse(b, tileKey))
            .orElse(TileEncoder.empty());
    if (meta.isSequence()) {
      String seqKey = VersionKeys.at(node, Layout.sequenceIndex(key));
      this.sequences =
          storage
              .getIfExists(seqKey)
              .map(b -> Encoders.parseSequence(b, seqKey))
              .orElse(RunTable.empty(3));
    } else {
      this.sequences = null;
    }
    if (meta.isLink()) {
      String credsKey = VersionKeys.at(node, Layout.credsIndex(key));
      this.creds =
          storage.getIfExists(credsKey).map(b -> Encoders.parseCreds(b, credsKey)).orElse(null);
    } else {
      this.creds = null;
    }
    this.locator = new ChunkLocator(storage, chain, key);
    this.dtype = meta.numericDtype();
    this.chunkClass = classify(meta);
    this.textLike = Htypes.isTextLike(meta.baseHtype());
    this.polygon = "polygon".equals(meta.baseHtype());
    this.rowKeys = new String[chunkIds.rows()];
  }

  /** This tensor as of the dataset's latest writes (flushing them first), or this. */
  private Tensor cur() {
    if (dataset.generation() == generation) {
      return this;
    }
    dataset.flushIfDirty();
    return dataset.tensor(name);
  }

  // ---------------------------------------------------------------- writing

  /**
   * Appends one sample (see {@link SampleEncoder} for accepted values; a {@code List} of items for
   * a sequence tensor). Requires a writable dataset at a branch HEAD.
   */
  public void append(Object value) {
    dataset.append(name, value);
  }

  /** Appends every value of {@code values}. */
  public void extend(List<?> values) {
    for (Object v : values) {
      dataset.append(name, v);
    }
  }

  /** Appends the first-axis slices of {@code batch} as samples (see {@link Dataset#extend}). */
  public void extend(NdArray batch) {
    dataset.extend(name, batch);
  }

  /** Replaces sample {@code index} (see {@link Dataset#update}). */
  public void update(long index, Object value) {
    dataset.update(name, index, value);
  }

  /** Removes sample {@code index} of this tensor (see {@link Dataset#pop(String, long)}). */
  public void pop(long index) {
    dataset.pop(name, index);
  }

  /** Adds or replaces keys of this tensor's info. */
  public void updateInfo(java.util.Map<String, ?> values) {
    dataset.updateTensorInfo(name, values);
  }

  /** Appends an empty sample. */
  public void appendEmpty() {
    dataset.append(name, null);
  }

  /** User-visible name (a group tensor is {@code group/name}). */
  public String name() {
    return name;
  }

  /** Storage key (folder); differs from the name after a rename. */
  public String key() {
    return key;
  }

  public TensorMeta meta() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.meta();
    }
    return meta;
  }

  /** Htype as Python reports it, e.g. {@code sequence[image]}, {@code link[image]}. */
  public String htype() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.htype();
    }
    return meta.displayHtype();
  }

  /** Base htype ({@code generic} when unset). */
  public String baseHtype() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.baseHtype();
    }
    return meta.baseHtype();
  }

  /** Numeric dtype, or null for text/json/list tensors. */
  public Dtype dtype() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.dtype();
    }
    return dtype;
  }

  public boolean isHidden() {
    return meta.hidden();
  }

  public boolean isSequence() {
    return meta.isSequence();
  }

  public boolean isLink() {
    return meta.isLink();
  }

  /** Tensor info ({@code tensor_info.json}; empty object when absent). */
  public JsonNode info() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.info();
    }
    return info.deepCopy();
  }

  /** Class names of a class_label tensor (empty if none). */
  public List<String> classNames() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.classNames();
    }
    List<String> out = new ArrayList<>();
    JsonNode n = info.get("class_names");
    if (n != null && n.isArray()) {
      n.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  /** Number of rows: sequences for a sequence tensor, else items (Python's {@code len}). */
  public long length() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.length();
    }
    return sequences != null ? sequences.count() : meta.length();
  }

  /** Number of stored items (flattened sequence items). */
  public long numItems() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.numItems();
    }
    return meta.length();
  }

  /** Approximate stored bytes of this tensor's chunks at this version (each chunk once). */
  public long sizeApprox() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.sizeApprox();
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    long total = 0;
    for (int r = 0; r < chunkIds.rows(); r++) {
      String k = chunkKey(r);
      if (seen.add(k)) {
        total += storage.metadata(k).map(m -> m.size()).orElse(0L);
      }
    }
    return total;
  }

  /** Number of chunk rows in the chunk-id encoder (tile chunks counted). */
  public int numChunks() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.numChunks();
    }
    return chunkIds.rows();
  }

  /** The chunk-id encoder of this version. */
  public ChunkIdEncoder chunkIdEncoder() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.chunkIdEncoder();
    }
    return chunkIds;
  }

  /** Flat item range {@code [start, end)} of sequence row {@code row}. */
  public long[] sequenceRange(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.sequenceRange(row);
    }
    if (sequences == null) {
      checkItem(row);
      return new long[] {row, row + 1};
    }
    checkRow(row);
    int r = sequences.rowOf(row);
    long[] range = sequences.rangeOf(row, r);
    if (range[1] > meta.length()) {
      throw new CorruptDataException(
          VersionKeys.at(dataset.nodeId(), Layout.sequenceIndex(key)),
          "sequence " + row + " ends at item " + range[1] + " beyond " + meta.length());
    }
    return range;
  }

  private void checkRow(long row) {
    if (row < 0 || row >= length()) {
      throw new IndexOutOfBoundsException(
          "row " + row + " of tensor '" + name + "' (length " + length() + ")");
    }
  }

  private void checkItem(long item) {
    if (item < 0 || item >= meta.length()) {
      throw new IndexOutOfBoundsException(
          "item " + item + " of tensor '" + name + "' (" + meta.length() + " items)");
    }
  }

  private long itemOfRow(long row) {
    if (sequences != null) {
      throw new DeepLakeException(
          "tensor '" + name + "' is a sequence: read its items with sequenceRange and item*()");
    }
    checkRow(row);
    return row;
  }

  // ---------------------------------------------------------------- row-level reads

  /** Shape of row {@code row} (of a non-sequence tensor). */
  public long[] shape(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.shape(row);
    }
    return itemShape(itemOfRow(row));
  }

  /** Numeric value (images decoded to pixels) of row {@code row}. */
  public NdArray numpy(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.numpy(row);
    }
    return itemNumpy(itemOfRow(row));
  }

  /** Text of row {@code row} of a text tensor (or the path of a link tensor). */
  public String text(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.text(row);
    }
    return itemText(itemOfRow(row));
  }

  /** Parsed JSON value of a json / list / tag row. */
  public JsonNode json(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.json(row);
    }
    return itemJson(itemOfRow(row));
  }

  /** The stored bytes of a row: the compressed blob of a sample-compressed tensor. */
  public byte[] bytes(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.bytes(row);
    }
    return itemBytes(itemOfRow(row));
  }

  /** Link string of a link tensor row. */
  public String linkPath(long row) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.linkPath(row);
    }
    return itemLinkPath(itemOfRow(row));
  }

  // ---------------------------------------------------------------- item-level reads

  /**
   * Decoded chunk data plus, for image canvases, the cut samples. {@code view} is a read-only
   * little-endian buffer over {@code data[off, off+len)}. When every sample of the chunk has the
   * same shape and size (one shape row, one byte-position row starting at 0, all within the
   * region), {@code uniformShape} and {@code uniformSize} let reads skip both table lookups.
   */
  private record Loaded(
      Chunk chunk,
      byte[] data,
      int off,
      int len,
      Canvas canvas,
      ByteBuffer view,
      long[] uniformShape,
      long uniformSize)
      implements ChunkCache.Sized {

    static Loaded of(Chunk c, byte[] data, int off, int len, Canvas canvas) {
      ByteBuffer view =
          data == null
              ? null
              : ByteBuffer.wrap(data, off, len)
                  .slice()
                  .asReadOnlyBuffer()
                  .order(java.nio.ByteOrder.LITTLE_ENDIAN);
      RunTable shapes = c.shapes();
      RunTable bytes = c.bytePositions();
      long[] uniformShape = null;
      long uniformSize = -1;
      if (shapes.rows() == 1
          && bytes.rows() == 1
          && shapes.count() == bytes.count()
          && bytes.value(0, 1) == 0
          && bytes.value(0, 0) * bytes.count() <= len) {
        uniformShape = c.shapeOf(0, 0);
        uniformSize = bytes.value(0, 0);
      }
      return new Loaded(c, data, off, len, canvas, view, uniformShape, uniformSize);
    }

    @Override
    public long sizeBytes() {
      return chunk.dataLength()
          + (data == null ? 0 : len)
          + (canvas == null || canvas.image == null ? 0 : canvas.image.size())
          + 64;
    }

    /** Shape of local sample {@code local} (shared array for uniform chunks: do not modify). */
    long[] shapeOf(long local, int ndimIfUnknown) {
      return uniformShape != null ? uniformShape : chunk.shapeOf(local, ndimIfUnknown);
    }

    /** Byte range of local sample {@code local} relative to {@code off}. */
    long[] byteRangeOf(long local) {
      if (uniformSize >= 0) {
        long start = local * uniformSize;
        return new long[] {start, start + uniformSize};
      }
      return chunk.byteRangeOf(local, len);
    }
  }

  /**
   * A chunk-compressed image canvas: the decoded image (null when no sample has pixels) and the x
   * offset of the first sample of every shape-table row. Samples are cut from it on demand.
   */
  private record Canvas(NdArray image, long[] rowX) {}

  private enum ChunkClass {
    UNCOMPRESSED,
    SAMPLE,
    CHUNK_BYTES,
    CHUNK_IMAGE
  }

  private ChunkClass chunkClass() {
    return chunkClass;
  }

  private static ChunkClass classify(TensorMeta meta) {
    if (meta.isLink()) {
      return ChunkClass.UNCOMPRESSED;
    }
    if (meta.sampleCompression() != null) {
      return ChunkClass.SAMPLE;
    }
    if (meta.chunkCompression() != null) {
      return Codecs.isByteCodec(meta.chunkCompression())
          ? ChunkClass.CHUNK_BYTES
          : ChunkClass.CHUNK_IMAGE;
    }
    return ChunkClass.UNCOMPRESSED;
  }

  private String chunkKey(int row) {
    String k = rowKeys[row];
    if (k == null) {
      k = locator.keyOf(ChunkIdEncoder.nameOf(chunkIds.id(row)));
      rowKeys[row] = k;
    }
    return k;
  }

  private Chunk rawChunk(String ckey) {
    return Chunk.parse(storage.get(ckey), ckey);
  }

  private Loaded loaded(int row) {
    LastChunk m = last;
    if (m != null && m.row == row) {
      return m.chunk;
    }
    String ckey = chunkKey(row);
    Loaded loaded =
        cache.get(
            ckey,
            () -> {
              Chunk c = rawChunk(ckey);
              byte[] buf = chunkBuffer(c);
              switch (chunkClass()) {
                case CHUNK_BYTES:
                  byte[] d = Lz4.decompress(buf, c.dataStart(), c.dataLength(), ckey);
                  return Loaded.of(c, d, 0, d.length, null);
                case CHUNK_IMAGE:
                  return Loaded.of(c, buf, c.dataStart(), c.dataLength(), canvas(c, buf, ckey));
                default:
                  return Loaded.of(c, buf, c.dataStart(), c.dataLength(), null);
              }
            });
    last = new LastChunk(row, loaded);
    return loaded;
  }

  private static byte[] chunkBuffer(Chunk c) {
    // Chunk keeps its buffer package-private; the data region is re-exposed here without a copy.
    return c.buffer();
  }

  private int ndimIfUnknown() {
    return meta.maxShape().length;
  }

  private record Located(int row, long local) {}

  private Located locate(long item) {
    checkItem(item);
    int row = chunkIds.rowOf(item);
    if (row < 0) {
      throw new CorruptDataException(
          VersionKeys.at(dataset.nodeId(), Layout.chunksIndex(key)),
          "item " + item + " is in no chunk");
    }
    return new Located(row, item - chunkIds.first(row));
  }

  /** Shape of item {@code item}. */
  public long[] itemShape(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemShape(item);
    }
    checkItem(item);
    TileEncoder.Entry t = tiles.get(item);
    if (t != null) {
      return t.sampleShape().clone();
    }
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    return c.shapeOf(l.local, ndimIfUnknown()).clone();
  }

  private void checkLocal(Loaded c, Located l) {
    if (l.local >= c.chunk.numSamples()) {
      throw new CorruptDataException(
          c.chunk.key(),
          "tensor '"
              + name
              + "' expects local sample "
              + l.local
              + " in this chunk, which holds "
              + c.chunk.numSamples());
    }
  }

  /** The stored bytes of item {@code item} (compressed blob, or raw element/text bytes). */
  public byte[] itemBytes(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemBytes(item);
    }
    checkItem(item);
    if (tiles.get(item) != null) {
      throw new DeepLakeException(
          "item " + item + " of tensor '" + name + "' is tiled: it has no single stored blob");
    }
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    if (c.canvas != null) {
      throw new DeepLakeException(
          "tensor '" + name + "' is chunk-compressed as an image canvas: samples have no blob");
    }
    long[] r = c.byteRangeOf(l.local);
    return Arrays.copyOfRange(c.data, c.off + (int) r[0], c.off + (int) r[1]);
  }

  private ByteBuffer rawSlice(Loaded c, Located l) {
    long[] r = c.byteRangeOf(l.local);
    return ByteBuffer.wrap(c.data, c.off + (int) r[0], (int) (r[1] - r[0]));
  }

  /** A read-only little-endian view of the sample's bytes, without copying. */
  private ByteBuffer rawView(Loaded c, Located l) {
    long[] r = c.byteRangeOf(l.local);
    return c.view.slice((int) r[0], (int) (r[1] - r[0])).order(java.nio.ByteOrder.LITTLE_ENDIAN);
  }

  private Dtype requireDtype() {
    if (dtype == null) {
      throw new DeepLakeException(
          "tensor '"
              + name
              + "' has no numeric dtype (htype "
              + htype()
              + ", dtype "
              + meta.dtype()
              + ")");
    }
    return dtype;
  }

  /**
   * Numeric value of item {@code item}: raw elements, decoded lz4, decoded image pixels (shaped as
   * stored, e.g. {@code (H, W, 1)} for grayscale), reassembled tiles, or a linked image.
   */
  public NdArray itemNumpy(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemNumpy(item);
    }
    if (meta.isLink()) {
      return linkedNumpy(item);
    }
    if (textLike) {
      throw new DeepLakeException(
          "tensor '" + name + "' holds " + meta.baseHtype() + " samples: use text() or json()");
    }
    Dtype dt = requireDtype();
    checkItem(item);
    TileEncoder.Entry t = tiles.isEmpty() ? null : tiles.get(item);
    if (t != null) {
      return readTiled(item, t, dt);
    }
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    long[] shape = c.shapeOf(l.local, ndimIfUnknown());
    if (c.canvas != null) {
      return canvasSample(c, l.local, shape, dt);
    }
    if (c.uniformShape != null && chunkClass() != ChunkClass.SAMPLE && !polygon) {
      // Every sample of the chunk has this shape and size (checked once at load).
      if (c.uniformSize != byteSize(shape, dt, c.chunk.key())) {
        checkSize(c.uniformSize, shape, dt, c.chunk.key(), item);
      }
      return NdArray.view(dt, shape, rawView(c, l));
    }
    if (elements(shape, c.chunk.key()) == 0) {
      return new NdArray(dt, shape, ByteBuffer.allocate(0));
    }
    if (polygon) {
      return polygonPadded(rawSlice(c, l), shape, dt, c.chunk.key());
    }
    switch (chunkClass()) {
      case SAMPLE:
        {
          ByteBuffer blob = rawSlice(c, l);
          return decodeBlob(
              blob.array(),
              blob.position(),
              blob.remaining(),
              meta.sampleCompression(),
              shape,
              dt,
              c.chunk.key());
        }
      default:
        {
          ByteBuffer raw = rawSlice(c, l);
          checkSize(raw.remaining(), shape, dt, c.chunk.key(), item);
          return new NdArray(dt, shape, raw);
        }
    }
  }

  /** Number of elements of a stored shape; an overflowing product is corrupt data. */
  private static long elements(long[] shape, String ckey) {
    try {
      return NdArray.numElements(shape);
    } catch (ArithmeticException e) {
      throw new CorruptDataException(
          ckey, "shape " + Arrays.toString(shape) + " has more than 2^63 elements");
    }
  }

  /** Bytes of a stored shape of {@code dt}; an overflowing product is corrupt data. */
  private static long byteSize(long[] shape, Dtype dt, String ckey) {
    try {
      return Math.multiplyExact(elements(shape, ckey), (long) dt.itemSize());
    } catch (ArithmeticException e) {
      throw new CorruptDataException(
          ckey,
          "shape " + Arrays.toString(shape) + " of " + dt.numpyName() + " exceeds 2^63 bytes");
    }
  }

  // ---------------------------------------------------------------- bulk reads

  /**
   * Copies the elements of rows {@code [start, end)} into {@code dst} from {@code offset}, as
   * floats: the rows' row-major elements back to back in row order (a ragged tensor comes out
   * flattened; read the shapes with {@link #shape}). Float32 runs of uncompressed and
   * lz4-chunk-compressed chunks are copied with one bulk copy per chunk, without per-sample
   * objects; other dtypes are converted as {@link NdArray#copyTo(float[], int)} does, and samples
   * that need decoding (images, tiles, links, polygons) are decoded one by one. Values are exactly
   * those of {@code numpy(i).copyTo(dst, ...)} for each row. For a sequence tensor, rows are
   * sequences and all their items are copied.
   *
   * @return the number of elements written
   * @throws IndexOutOfBoundsException if the rows are out of range or {@code dst} is too small;
   *     {@code dst} may then hold part of the data
   */
  public int readRange(long start, long end, float[] dst, int offset) {
    java.util.Objects.checkIndex(offset, dst.length + 1);
    Dtype dt = requireNumeric();
    long[] items = itemRangeOfRows(start, end);
    Sink sink =
        new Sink(dst.length - offset) {
          @Override
          void run(byte[] src, int off, int len, int n) {
            int p = offset + (int) reserve(n);
            if (dt == Dtype.FLOAT32) {
              ByteBuffer.wrap(src, off, len)
                  .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                  .asFloatBuffer()
                  .get(dst, p, n);
            } else {
              new NdArray(dt, new long[] {n}, ByteBuffer.wrap(src, off, len)).copyTo(dst, p);
            }
          }

          @Override
          void item(NdArray a) {
            a.copyTo(dst, offset + (int) reserve(a.size()));
          }
        };
    copyItems(items[0], items[1], dt, sink);
    return (int) sink.written;
  }

  /**
   * Copies the elements of rows {@code [start, end)} into {@code dst} from {@code offset}, as ints,
   * like {@link #readRange(long, long, float[], int)}: int32 and uint32 (bits kept) runs are bulk
   * copies, other dtypes are converted as {@link NdArray#copyTo(int[], int)} does.
   *
   * @return the number of elements written
   */
  public int readRange(long start, long end, int[] dst, int offset) {
    java.util.Objects.checkIndex(offset, dst.length + 1);
    Dtype dt = requireNumeric();
    long[] items = itemRangeOfRows(start, end);
    Sink sink =
        new Sink(dst.length - offset) {
          @Override
          void run(byte[] src, int off, int len, int n) {
            int p = offset + (int) reserve(n);
            if (dt == Dtype.INT32 || dt == Dtype.UINT32) {
              ByteBuffer.wrap(src, off, len)
                  .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                  .asIntBuffer()
                  .get(dst, p, n);
            } else {
              new NdArray(dt, new long[] {n}, ByteBuffer.wrap(src, off, len)).copyTo(dst, p);
            }
          }

          @Override
          void item(NdArray a) {
            a.copyTo(dst, offset + (int) reserve(a.size()));
          }
        };
    copyItems(items[0], items[1], dt, sink);
    return (int) sink.written;
  }

  /**
   * Puts the element bytes of rows {@code [start, end)} into {@code dst} at its position, advancing
   * it: little-endian elements of {@link #dtype()}, rows back to back (heap or direct buffers; view
   * them with {@code dst.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()} and the like). Runs of
   * uncompressed and lz4-chunk-compressed chunks are bulk copies; other samples are decoded one by
   * one, as in {@link #readRange(long, long, float[], int)}.
   *
   * @return the number of bytes written
   * @throws IndexOutOfBoundsException if the rows are out of range or {@code dst} has too little
   *     room; {@code dst} may then hold part of the data
   */
  public long readRange(long start, long end, ByteBuffer dst) {
    return readRange(start, end, dst, false);
  }

  /**
   * Like {@link #readRange(long, long, ByteBuffer)}, but for a scan that reads each row once: from
   * an uncompressed chunk that is not cached, only the bytes of the requested rows are fetched (one
   * ranged read after the chunk header, which is kept for the next call), straight into {@code
   * dst}, and nothing is cached; so readers of neighbouring row ranges never fetch the same bytes
   * twice. lz4-compressed chunks are decompressed whole through the dataset's cache (once per
   * handle while they stay cached); other samples are decoded one by one.
   *
   * @return the number of bytes written
   */
  public long readStoredRange(long start, long end, ByteBuffer dst) {
    return readRange(start, end, dst, true);
  }

  private long readRange(long start, long end, ByteBuffer dst, boolean ranged) {
    Dtype dt = requireNumeric();
    long[] items = itemRangeOfRows(start, end);
    int item = dt.itemSize();
    Sink sink =
        new Sink(dst.remaining() / item) {
          @Override
          void run(byte[] src, int off, int len, int n) {
            reserve(n);
            dst.put(src, off, len);
          }

          @Override
          boolean fromStorage(String ckey, long offset, int len, int n) {
            reserve(n);
            ByteBuffer view = dst.duplicate();
            view.limit(view.position() + len);
            if (storage.readInto(ckey, offset, view) != len) {
              written -= n;
              return false;
            }
            dst.position(dst.position() + len);
            return true;
          }

          @Override
          void lz4(
              byte[] src, int off, int len, int size, int runOff, int runLen, int n, String ckey) {
            if (runOff != 0 || runLen != size) {
              super.lz4(src, off, len, size, runOff, runLen, n, ckey);
              return;
            }
            reserve(n);
            Lz4.decompressBlock(src, off, len, size, dst, ckey);
          }

          @Override
          void item(NdArray a) {
            reserve(a.size());
            a.copyTo(dst);
          }
        };
    sink.ranged = ranged;
    copyItems(items[0], items[1], dt, sink);
    return sink.written * item;
  }

  /** Receives runs of raw element bytes or decoded items, counting elements against a capacity. */
  private abstract class Sink {
    private final long capacity;
    long written;

    /** Whether parts of uncompressed chunks are fetched by byte range (see readStoredRange). */
    boolean ranged;

    Sink(long capacity) {
      this.capacity = capacity;
    }

    /** Reserves {@code n} elements; returns the element offset where they go. */
    long reserve(long n) {
      if (n > capacity - written) {
        throw new IndexOutOfBoundsException(
            "destination has room for "
                + capacity
                + " elements, the rows need more than "
                + (written + n));
      }
      long at = written;
      written += n;
      return at;
    }

    /** {@code n} elements of the tensor's dtype, little-endian, in {@code src[off, off+len)}. */
    abstract void run(byte[] src, int off, int len, int n);

    /**
     * {@code n} elements stored at {@code [offset, offset+len)} of the object {@code ckey}; false,
     * having written nothing, if the object ends early. Reads into the pooled {@link Scratch} array
     * (no per-chunk allocation), then copies out.
     */
    boolean fromStorage(String ckey, long offset, int len, int n) {
      byte[] tmp = Scratch.take(len);
      try {
        if (storage.readInto(ckey, offset, ByteBuffer.wrap(tmp, 0, len)) != len) {
          return false;
        }
        run(tmp, 0, len, n);
        return true;
      } finally {
        Scratch.give(tmp);
      }
    }

    /**
     * {@code n} elements at {@code [runOff, runOff+runLen)} of the {@code size} bytes that the
     * size-prefixed lz4 block {@code src[off, off+len)} decompresses to.
     */
    void lz4(byte[] src, int off, int len, int size, int runOff, int runLen, int n, String ckey) {
      byte[] tmp = Scratch.take(size);
      try {
        Lz4.decompressBlock(src, off, len, size, tmp, 0, ckey);
        run(tmp, runOff, runLen, n);
      } finally {
        Scratch.give(tmp);
      }
    }

    abstract void item(NdArray a);
  }

  private Dtype requireNumeric() {
    if (textLike && !meta.isLink()) {
      throw new DeepLakeException(
          "tensor '" + name + "' holds " + meta.baseHtype() + " samples: use text() or json()");
    }
    return meta.isLink() && dtype == null ? Dtype.UINT8 : requireDtype();
  }

  private long[] itemRangeOfRows(long start, long end) {
    if (start < 0 || end < start || end > length()) {
      throw new IndexOutOfBoundsException(
          "rows [" + start + ", " + end + ") of tensor '" + name + "' (length " + length() + ")");
    }
    if (start == end) {
      return new long[] {0, 0};
    }
    if (sequences == null) {
      return new long[] {start, end};
    }
    return new long[] {sequenceRange(start)[0], sequenceRange(end - 1)[1]};
  }

  /**
   * Feeds a whole chunk that is not cached straight from storage to {@code sink}, without caching
   * it: a scan reads each chunk once, so caching it would only evict chunks that other reads need
   * (partial ranges, as a batched loader reads them, still go through the cache). An lz4 chunk is
   * decompressed directly into the destination when the sink can take it. Returns false, having fed
   * nothing, when the chunk needs the checked item-by-item path.
   */
  private boolean streamChunk(int row, long count, Dtype dt, Sink sink) {
    String ckey = chunkKey(row);
    LastChunk m = last;
    if ((m != null && m.row == row) || cache.contains(ckey)) {
      return false;
    }
    int fed = streamHeaderFirst(ckey, count, dt, sink);
    if (fed >= 0) {
      return fed == 1;
    }
    Chunk c = rawChunk(ckey);
    long elems = c.numSamples() == count ? c.elementCount(0, count) : -1;
    long bytes = elems * dt.itemSize();
    if (elems < 0 || bytes > Integer.MAX_VALUE) {
      return false;
    }
    byte[] buf = c.buffer();
    if (chunkClass == ChunkClass.UNCOMPRESSED) {
      long[] span = c.contiguousByteRange(0, count, c.dataLength());
      if (span == null || span[1] - span[0] != bytes) {
        return false;
      }
      if (bytes > 0) {
        sink.run(buf, c.dataStart() + (int) span[0], (int) bytes, (int) elems);
      }
      return true;
    }
    int size = Lz4.blockSize(buf, c.dataStart(), c.dataLength(), ckey);
    long[] span = size < 0 ? null : c.contiguousByteRange(0, count, size);
    if (span == null || span[1] - span[0] != bytes) {
      return false;
    }
    if (bytes > 0) {
      sink.lz4(
          buf, c.dataStart(), c.dataLength(), size, (int) span[0], (int) bytes, (int) elems, ckey);
    }
    return true;
  }

  /**
   * Feeds local samples {@code [a, b)} of an uncompressed chunk that is not cached to {@code sink}
   * by one ranged read of their bytes (after the chunk header, kept in {@link #lastHeader}).
   * Returns false, having fed nothing, when the samples need the checked path through {@link
   * #loaded}.
   */
  private boolean streamPart(int row, long a, long b, Dtype dt, Sink sink) {
    String ckey = chunkKey(row);
    LastChunk m = last;
    if ((m != null && m.row == row) || cache.contains(ckey)) {
      return false;
    }
    Chunk c = header(row, ckey);
    if (c == null || b > c.numSamples()) {
      return false;
    }
    long elems = c.elementCount(a, b);
    long bytes = elems * dt.itemSize();
    if (elems < 0 || bytes > Integer.MAX_VALUE) {
      return false;
    }
    long[] span = c.contiguousByteRange(a, b, Long.MAX_VALUE);
    if (span == null || span[1] - span[0] != bytes) {
      return false;
    }
    if (bytes == 0) {
      return true;
    }
    return sink.fromStorage(ckey, c.dataStart() + span[0], (int) bytes, (int) elems);
  }

  /** The header of the chunk read by range last, so that a scan parses each header once. */
  private volatile LastHeader lastHeader;

  private record LastHeader(int row, Chunk chunk) {}

  /** Bytes read first for a chunk header read by range; most headers fit. */
  private static final int SMALL_HEADER_PROBE = 1 << 10;

  /** The parsed header of chunk row {@code row}, or null if it is longer than the probe. */
  private Chunk header(int row, String ckey) {
    LastHeader h = lastHeader;
    if (h != null && h.row == row) {
      return h.chunk;
    }
    Chunk c = null;
    byte[] head = storage.getRange(ckey, 0, SMALL_HEADER_PROBE);
    try {
      c = Chunk.parse(head, ckey);
    } catch (CorruptDataException e) {
      // A long header (e.g. the byte positions of many text samples): read exactly it.
      long need = Chunk.headerLength(head);
      if (head.length < SMALL_HEADER_PROBE || need <= head.length || need > MAX_RANGED_HEADER) {
        return null; // a damaged chunk or a huge header: the item path reads the whole chunk
      }
      head = storage.getRange(ckey, 0, (int) need);
      try {
        c = Chunk.parse(head, ckey);
      } catch (CorruptDataException again) {
        return null;
      }
    }
    lastHeader = new LastHeader(row, c);
    return c;
  }

  /** Longest chunk header read on its own (longer ones: the whole chunk is read). */
  private static final int MAX_RANGED_HEADER = 16 << 20;

  /** Receives the stored bytes of items, in order ({@link #readStoredItems}). */
  @FunctionalInterface
  public interface ItemBytesSink {
    /**
     * Item {@code row}'s stored bytes are {@code src[off, off + len)}; valid only during the call.
     */
    void item(long row, byte[] src, int off, int len);
  }

  /**
   * Feeds the stored bytes of rows {@code [start, end)} to {@code sink} in row order, as {@link
   * #itemBytes} returns them (for text: UTF-8), without an array per item. For a scan that reads
   * each row once: the part of an uncompressed chunk that is not cached is fetched by one ranged
   * read after its header, so readers of neighbouring row ranges never fetch the same bytes twice;
   * other chunks go through the cache. Sequences, tiles and links go item by item.
   *
   * @throws IndexOutOfBoundsException if the rows are out of range
   */
  public void readStoredItems(long start, long end, ItemBytesSink sink) {
    Tensor fresh = cur();
    if (fresh != this) {
      fresh.readStoredItems(start, end, sink);
      return;
    }
    if (start < 0 || end < start || end > length()) {
      throw new IndexOutOfBoundsException(
          "rows [" + start + ", " + end + ") of tensor '" + name + "' (length " + length() + ")");
    }
    boolean runs =
        sequences == null
            && !meta.isLink()
            && tiles.isEmpty()
            && chunkClass != ChunkClass.CHUNK_IMAGE;
    long item = start;
    while (item < end) {
      long stop;
      if (runs) {
        Located l = locate(item);
        long first = item - l.local;
        stop = Math.min(end, chunkIds.last(l.row) + 1);
        if (storedItems(l.row, first, l.local, stop - first, sink)) {
          item = stop;
          continue;
        }
      } else {
        stop = item + 1;
      }
      for (long r = item; r < stop; r++) {
        byte[] b = itemBytes(r);
        sink.item(r, b, 0, b.length);
      }
      item = stop;
    }
  }

  /** Local items {@code [a, b)} of chunk row {@code row}, or false (nothing fed). */
  private boolean storedItems(int row, long first, long a, long b, ItemBytesSink sink) {
    String ckey = chunkKey(row);
    LastChunk m = last;
    if (chunkClass != ChunkClass.UNCOMPRESSED
        || (m != null && m.row == row)
        || cache.contains(ckey)) {
      Loaded c = loaded(row);
      if (c.canvas != null || b > c.chunk.numSamples()) {
        return false;
      }
      for (long i = a; i < b; i++) {
        long[] r = c.byteRangeOf(i);
        sink.item(first + i, c.data, c.off + (int) r[0], (int) (r[1] - r[0]));
      }
      return true;
    }
    Chunk c = header(row, ckey);
    if (c == null || b > c.numSamples()) {
      return false;
    }
    long[] span = c.contiguousByteRange(a, b, Long.MAX_VALUE);
    if (span == null || span[1] - span[0] > Integer.MAX_VALUE - 16) {
      return false;
    }
    int n = (int) (span[1] - span[0]);
    long[][] ranges = new long[(int) (b - a)][];
    for (long i = a; i < b; i++) {
      long[] r = c.byteRangeOf(i, Long.MAX_VALUE);
      if (r[0] < span[0] || r[1] > span[1]) {
        return false;
      }
      ranges[(int) (i - a)] = r;
    }
    byte[] buf = Scratch.take(Math.max(n, 1));
    try {
      if (n > 0
          && storage.readInto(ckey, c.dataStart() + span[0], ByteBuffer.wrap(buf, 0, n)) != n) {
        return false;
      }
      for (long i = a; i < b; i++) {
        long[] r = ranges[(int) (i - a)];
        sink.item(first + i, buf, (int) (r[0] - span[0]), (int) (r[1] - r[0]));
      }
      return true;
    } finally {
      Scratch.give(buf);
    }
  }

  /** Bytes read first when streaming a chunk: enough for any fixed-shape header. */
  private static final int HEADER_PROBE = 64 << 10;

  /**
   * Streams a chunk header first: reads the first {@link #SMALL_HEADER_PROBE} (else {@link
   * #HEADER_PROBE}) bytes and parses the tables, then has the storage copy the rest ({@link
   * Storage#readInto}) where it is needed: the data region of an uncompressed chunk straight into
   * the destination (one copy, no intermediate array), the lz4 block of a compressed one into a
   * pooled {@link Scratch} array (no fresh array per chunk) from which it is decompressed. Returns
   * 1 when fed, 0 when the chunk needs the item path (nothing fed), -1 when the header is longer
   * than the probe (read the whole chunk instead).
   */
  private int streamHeaderFirst(String ckey, long count, Dtype dt, Sink sink) {
    // A small probe first: the data it holds is read again below, so it should hold little.
    byte[] head = null;
    Chunk c = null;
    int probe = 0;
    for (int p : new int[] {SMALL_HEADER_PROBE, HEADER_PROBE}) {
      probe = p;
      head = storage.getRange(ckey, 0, p);
      try {
        c = Chunk.parse(head, ckey);
        break;
      } catch (CorruptDataException e) {
        if (head.length < p) {
          return 0;
        }
      }
    }
    if (c == null) {
      return -1;
    }
    long elems = c.numSamples() == count ? c.elementCount(0, count) : -1;
    long bytes = elems * dt.itemSize();
    if (elems < 0 || bytes > Integer.MAX_VALUE) {
      return 0;
    }
    if (chunkClass == ChunkClass.UNCOMPRESSED) {
      long[] span = c.contiguousByteRange(0, count, Long.MAX_VALUE);
      if (span == null || span[1] - span[0] != bytes) {
        return 0;
      }
      long at = c.dataStart() + span[0];
      if (bytes == 0) {
        return 1;
      }
      if (at + bytes <= head.length) {
        sink.run(head, (int) at, (int) bytes, (int) elems);
        return 1;
      }
      return sink.fromStorage(ckey, at, (int) bytes, (int) elems) ? 1 : 0;
    }
    // An lz4 chunk's block runs from the data start to the end of the file.
    long fileLength =
        head.length < probe
            ? head.length
            : storage.metadata(ckey).map(ObjectMetadata::size).orElse(-1L);
    long blockLength = fileLength - c.dataStart();
    if (fileLength < 0 || blockLength > Integer.MAX_VALUE - 16) {
      return 0;
    }
    byte[] block = head;
    int blockOff = c.dataStart();
    if (fileLength > head.length) {
      block = Scratch.take((int) blockLength);
      blockOff = 0;
    }
    try {
      if (block != head
          && storage.readInto(ckey, c.dataStart(), ByteBuffer.wrap(block, 0, (int) blockLength))
              != blockLength) {
        return 0;
      }
      int size = Lz4.blockSize(block, blockOff, (int) blockLength, ckey);
      long[] span = size < 0 ? null : c.contiguousByteRange(0, count, size);
      if (span == null || span[1] - span[0] != bytes) {
        return 0;
      }
      if (bytes > 0) {
        sink.lz4(
            block,
            blockOff,
            (int) blockLength,
            size,
            (int) span[0],
            (int) bytes,
            (int) elems,
            ckey);
      }
      return 1;
    } finally {
      if (block != head) {
        Scratch.give(block);
      }
    }
  }

  /**
   * Feeds items {@code [start, end)} to {@code sink}: for uncompressed and lz4-chunk-compressed
   * chunks, one run per chunk when the chunk stores the items contiguously with sizes matching
   * their shapes (always, for what Python writes); otherwise item by item through {@link
   * #itemNumpy}, which also reports any damage precisely.
   */
  private void copyItems(long start, long end, Dtype dt, Sink sink) {
    ChunkClass cls = chunkClass();
    boolean runs =
        !meta.isLink()
            && !polygon
            && (cls == ChunkClass.UNCOMPRESSED || cls == ChunkClass.CHUNK_BYTES);
    boolean tiled = !tiles.isEmpty();
    long item = start;
    while (item < end) {
      if (!runs || (tiled && tiles.get(item) != null)) {
        sink.item(itemNumpy(item));
        item++;
        continue;
      }
      Located l = locate(item);
      long first = item - l.local;
      long stop = Math.min(end, chunkIds.last(l.row) + 1);
      if (l.local == 0
          && stop == chunkIds.last(l.row) + 1
          && streamChunk(l.row, stop - first, dt, sink)) {
        item = stop;
        continue;
      }
      if (sink.ranged
          && cls == ChunkClass.UNCOMPRESSED
          && !tiled
          && streamPart(l.row, l.local, stop - first, dt, sink)) {
        item = stop;
        continue;
      }
      Loaded c = loaded(l.row);
      long a = l.local;
      long b = stop - first;
      long elems = b <= c.chunk.numSamples() ? c.chunk.elementCount(a, b) : -1;
      long[] span = elems < 0 ? null : c.chunk.contiguousByteRange(a, b, c.len);
      if (span == null
          || span[1] - span[0] != elems * dt.itemSize()
          || span[1] - span[0] > Integer.MAX_VALUE) {
        for (long i = item; i < stop; i++) {
          sink.item(itemNumpy(i));
        }
      } else if (elems > 0) {
        sink.run(c.data, c.off + (int) span[0], (int) (span[1] - span[0]), (int) elems);
      }
      item = stop;
    }
  }

  private void checkSize(long bytes, long[] shape, Dtype dt, String ckey, long item) {
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

  private NdArray decodeBlob(
      byte[] b, int off, int len, String codec, long[] shape, Dtype dt, String ckey) {
    if (len == 0 || elements(shape, ckey) == 0) {
      return new NdArray(dt, shape, ByteBuffer.allocate(0));
    }
    if (Codecs.isByteCodec(codec)) {
      byte[] d = Lz4.decompress(b, off, len, ckey);
      checkSize(d.length, shape, dt, ckey, -1);
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

  /** Whether a stored image shape takes pixels on the canvas (a 0-dim shape is one element). */
  private static boolean onCanvas(long[] s, String ckey) {
    return elements(s, ckey) != 0;
  }

  private Canvas canvas(Chunk c, byte[] buf, String ckey) {
    requireDtype();
    RunTable shapes = c.shapes();
    long[] rowX = new long[shapes.rows()];
    long x = 0;
    long sumW = 0;
    try {
      for (int r = 0; r < shapes.rows(); r++) {
        rowX[r] = x;
        long[] s = rowShape(shapes, r);
        long count = shapes.lastOf(r) - shapes.firstOf(r) + 1;
        if (s.length >= 2 && !isAllZero(s)) {
          sumW = Math.addExact(sumW, Math.multiplyExact(count, s[1]));
        }
        if (onCanvas(s, ckey)) {
          if (s.length < 2) {
            throw new CorruptDataException(
                ckey, "image canvas sample shape " + Arrays.toString(s) + " has fewer than 2 dims");
          }
          x = Math.addExact(x, Math.multiplyExact(count, s[1]));
        }
      }
    } catch (ArithmeticException e) {
      x = Long.MAX_VALUE;
    }
    if (x > Integer.MAX_VALUE || sumW > Integer.MAX_VALUE) {
      throw new CorruptDataException(
          ckey, "image canvas samples add up to more than " + Integer.MAX_VALUE + " pixels wide");
    }
    NdArray image = null;
    if (c.dataLength() > 0 && sumW > 0) {
      image = Images.decode(buf, c.dataStart(), c.dataLength(), meta.chunkCompression(), ckey);
    }
    return new Canvas(image, rowX);
  }

  private static long[] rowShape(RunTable shapes, int r) {
    long[] s = new long[shapes.cols() - 1];
    for (int i = 0; i < s.length; i++) {
      s[i] = shapes.value(r, i);
    }
    return s;
  }

  /** Cuts local sample {@code local} (stored shape {@code s}) from its chunk's canvas. */
  private NdArray canvasSample(Loaded c, long local, long[] s, Dtype dt) {
    String ckey = c.chunk.key();
    if (!onCanvas(s, ckey)) {
      return new NdArray(dt, s, ByteBuffer.allocate(0));
    }
    if (c.canvas.image == null) {
      throw new CorruptDataException(ckey, "image canvas is empty but sample " + local + " is not");
    }
    RunTable shapes = c.chunk.shapes();
    long missing = c.chunk.bytePositions().count() - shapes.count();
    long idx = missing > 0 ? local - missing : local;
    int row = shapes.rowOf(idx);
    long x = c.canvas.rowX[row] + (idx - shapes.firstOf(row)) * s[1];
    return NdArrays.reshapeCast(cropCanvas(c.canvas.image, s, x, ckey), s, dt, ckey);
  }

  private static boolean isAllZero(long[] s) {
    for (long d : s) {
      if (d != 0) {
        return false;
      }
    }
    return true;
  }

  private static NdArray cropCanvas(NdArray canvas, long[] s, long x, String ckey) {
    long[] cs = canvas.shape();
    int ch = cs.length > 2 ? (int) cs[2] : 1;
    int cw = (int) cs[1];
    if (s[0] > cs[0] || x + s[1] > cw) {
      throw new CorruptDataException(
          ckey,
          "sample of shape "
              + Arrays.toString(s)
              + " at x="
              + x
              + " exceeds the "
              + Arrays.toString(cs)
              + " canvas");
    }
    int h = (int) s[0];
    int w = (int) s[1];
    int item = canvas.dtype().itemSize();
    byte[] src = canvas.toBytes();
    byte[] out = new byte[h * w * ch * item];
    int rowBytes = w * ch * item;
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, ((y * cw) + (int) x) * ch * item, out, y * rowBytes, rowBytes);
    }
    long[] shape = ch == 1 && cs.length == 2 ? new long[] {h, w} : new long[] {h, w, ch};
    return NdArray.of(canvas.dtype(), shape, out);
  }

  private NdArray readTiled(long item, TileEncoder.Entry t, Dtype dt) {
    String tileKey = VersionKeys.at(dataset.nodeId(), Layout.tilesIndex(key));
    int row = chunkIds.rowOf(item);
    int count = chunkIds.rowsWithSameLast(row);
    long[] full = t.sampleShape();
    long[] tile = t.tileShape();
    long[] grid = t.grid();
    if (elements(grid, tileKey) != count) {
      throw new CorruptDataException(
          tileKey,
          "item "
              + item
              + " has a "
              + Arrays.toString(grid)
              + " tile grid but "
              + count
              + " tile chunks");
    }
    int item0 = dt.itemSize();
    long total = byteSize(full, dt, tileKey);
    if (total > Integer.MAX_VALUE - 16) {
      throw new DeepLakeException("tiled item " + item + " of '" + name + "' exceeds 2 GiB");
    }
    byte[] out = null;
    long[] coord = new long[grid.length];
    String codec =
        meta.sampleCompression() != null ? meta.sampleCompression() : meta.chunkCompression();
    for (int k = 0; k < count; k++) {
      String ckey = chunkKey(row + k);
      Chunk c = rawChunk(ckey);
      long[] origin = new long[grid.length];
      long[] expected = new long[grid.length];
      for (int d = 0; d < grid.length; d++) {
        origin[d] = coord[d] * tile[d];
        expected[d] = Math.min(tile[d], full[d] - origin[d]);
      }
      long[] ts = c.shapeOf(0, full.length);
      if (!Arrays.equals(ts, expected)) {
        throw new CorruptDataException(
            ckey,
            "tile "
                + k
                + " of item "
                + item
                + " has shape "
                + Arrays.toString(ts)
                + ", but "
                + tileKey
                + " gives it "
                + Arrays.toString(expected));
      }
      byte[] buf = chunkBuffer(c);
      byte[] tileBytes;
      if (c.dataLength() == 0) {
        tileBytes = new byte[(int) byteSize(ts, dt, ckey)];
      } else if (codec == null) {
        tileBytes = Arrays.copyOfRange(buf, c.dataStart(), c.dataStart() + c.dataLength());
      } else {
        tileBytes = decodeBlob(buf, c.dataStart(), c.dataLength(), codec, ts, dt, ckey).toBytes();
      }
      checkSize(tileBytes.length, ts, dt, ckey, item);
      if (out == null) {
        out = new byte[(int) total]; // only once the first tile agrees with the tile encoder
      }
      place(out, full, tileBytes, ts, origin, item0, ckey);
      for (int d = grid.length - 1; d >= 0; d--) {
        if (++coord[d] < grid[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    return NdArray.of(dt, full, out == null ? new byte[0] : out);
  }

  private static void place(
      byte[] dst, long[] full, byte[] src, long[] ts, long[] origin, int item, String ckey) {
    int nd = full.length;
    for (int d = 0; d < nd; d++) {
      if (origin[d] + ts[d] > full[d]) {
        throw new CorruptDataException(ckey, "tile exceeds the sample shape");
      }
    }
    if (NdArray.numElements(ts) == 0) {
      return;
    }
    long[] strides = new long[nd];
    long s = item;
    for (int d = nd - 1; d >= 0; d--) {
      strides[d] = s;
      s *= full[d];
    }
    int run = (int) (ts[nd - 1] * item);
    long[] idx = new long[nd];
    int srcOff = 0;
    while (true) {
      long dstOff = 0;
      for (int d = 0; d < nd; d++) {
        dstOff += (origin[d] + idx[d]) * strides[d];
      }
      System.arraycopy(src, srcOff, dst, (int) dstOff, run);
      srcOff += run;
      int d = nd - 2;
      while (d >= 0) {
        if (++idx[d] < ts[d]) {
          break;
        }
        idx[d] = 0;
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }

  private NdArray polygonPadded(ByteBuffer b, long[] shape, Dtype dt, String ckey) {
    // Stored: uint16 P, P x uint16 point counts, then points polygon after polygon. Returned
    // padded to the stored shape (num_polygons, max_points, ndim) with zeros.
    ByteBuffer in = b.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
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

  /**
   * The polygons of a polygon item, each an array of shape {@code (points, ndim)} in the tensor's
   * dtype (Python's {@code Polygons.numpy()}).
   */
  public List<NdArray> itemPolygons(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemPolygons(item);
    }
    if (!"polygon".equals(meta.baseHtype())) {
      throw new DeepLakeException("tensor '" + name + "' is not a polygon tensor");
    }
    Dtype dt = requireDtype();
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    long[] shape = c.chunk.shapeOf(l.local, ndimIfUnknown());
    List<NdArray> out = new ArrayList<>();
    if (NdArray.numElements(shape) == 0) {
      return out;
    }
    ByteBuffer in = rawSlice(c, l).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    String ckey = c.chunk.key();
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

  /** Text of item {@code item} (UTF-8); for json/list tensors the stored JSON text. */
  public String itemText(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemText(item);
    }
    return storedText(item).text;
  }

  private record StoredText(String text, String chunkKey) {}

  private StoredText storedText(long item) {
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    ByteBuffer raw = rawSlice(c, l);
    byte[] b = raw.array();
    int off = raw.position();
    int len = raw.remaining();
    if (chunkClass() == ChunkClass.SAMPLE && Codecs.isByteCodec(meta.sampleCompression())) {
      byte[] d = Lz4.decompress(b, off, len, c.chunk.key());
      return new StoredText(new String(d, StandardCharsets.UTF_8), c.chunk.key());
    }
    return new StoredText(new String(b, off, len, StandardCharsets.UTF_8), c.chunk.key());
  }

  /** Parsed JSON of a json / list / tag item (an empty stored value reads as {} or []). */
  public JsonNode itemJson(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemJson(item);
    }
    StoredText t = storedText(item);
    if (t.text.isEmpty()) {
      return Htypes.isListLike(meta.baseHtype())
          ? JsonNodeFactory.instance.arrayNode()
          : JsonNodeFactory.instance.objectNode();
    }
    return Json.parseSample(t.text, t.chunkKey, "tensor '" + name + "' item " + item);
  }

  /** Link string of item {@code item} of a link tensor ({@code ""} = empty sample). */
  public String itemLinkPath(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemLinkPath(item);
    }
    if (!meta.isLink()) {
      throw new DeepLakeException("tensor '" + name + "' is not a link tensor");
    }
    return itemText(item);
  }

  /** Credentials name of a link item, or empty when it uses no named credentials. */
  public Optional<String> itemCredsKey(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemCredsKey(item);
    }
    if (creds == null || creds.rows() == 0) {
      return Optional.empty();
    }
    int r = creds.rowOf(item);
    if (r < 0) {
      return Optional.empty();
    }
    long idx = creds.value(r, 0);
    return idx == 0 ? Optional.empty() : Optional.of(dataset.credsKey(idx));
  }

  private NdArray linkedNumpy(long item) {
    String path = itemLinkPath(item);
    Dtype dt = dtype == null ? Dtype.UINT8 : dtype;
    if (path.isEmpty()) {
      // Python reads an empty link as np.array([]): float64 of shape (0,).
      return new NdArray(Dtype.FLOAT64, new long[] {0}, ByteBuffer.allocate(0));
    }
    byte[] blob = dataset.readLink(path, itemCredsKey(item));
    String codec = meta.sampleCompression();
    if (codec == null || Codecs.isImageCodec(codec)) {
      NdArray px = Images.decode(blob, 0, blob.length, codec == null ? "image" : codec, path);
      long[] s = px.shape();
      if (s.length == 2 && Htypes.IMAGES.contains(meta.baseHtype())) {
        s = new long[] {s[0], s[1], 1};
      }
      return NdArrays.reshapeCast(px, s, dt, path);
    }
    throw new UnsupportedFormatException(
        "tensor '" + name + "': linked " + codec + " files are not decoded; read the link path");
  }

  /** The stored bytes of a linked file (link tensors). */
  public byte[] itemLinkedBytes(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemLinkedBytes(item);
    }
    String path = itemLinkPath(item);
    return path.isEmpty() ? new byte[0] : dataset.readLink(path, itemCredsKey(item));
  }

  /** Summary of the tensor's metadata in the layout of the fixtures' expected.json. */
  public ObjectNode describe() {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.describe();
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    // As Python reports them: a tensor without samples may have no htype yet (null).
    String raw = meta.htype();
    String shown = raw == null ? "None" : raw;
    if (isSequence()) {
      shown = "sequence[" + shown + "]";
    }
    if (isLink()) {
      shown = "link[" + shown + "]";
    }
    o.put("htype", raw == null && !isSequence() && !isLink() ? null : shown);
    o.put("base_htype", raw);
    o.put("dtype", meta.dtype());
    o.put("length", length());
    o.put("hidden", isHidden());
    o.put("is_sequence", isSequence());
    o.put("is_link", isLink());
    o.put("sample_compression", meta.sampleCompression());
    o.put("chunk_compression", meta.chunkCompression());
    o.put("max_chunk_size", meta.maxChunkSize());
    o.put("tiling_threshold", meta.tilingThreshold());
    var min = o.putArray("min_shape");
    for (long v : meta.minShape()) {
      min.add(v);
    }
    var max = o.putArray("max_shape");
    for (long v : meta.maxShape()) {
      max.add(v);
    }
    o.set("info", info.deepCopy());
    if (isLink()) {
      o.putNull("num_chunks");
    } else {
      o.put("num_chunks", numChunks());
    }
    return o;
  }

  @Override
  public String toString() {
    return "Tensor(" + name + ", " + htype() + ", " + meta.dtype() + ", length " + length() + ")";
  }
}
