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
import org.deeplake4j.engine.format.Chunk;
import org.deeplake4j.engine.format.ChunkIdEncoder;
import org.deeplake4j.engine.format.Codecs;
import org.deeplake4j.engine.format.Dtype;
import org.deeplake4j.engine.format.Encoders;
import org.deeplake4j.engine.format.Htypes;
import org.deeplake4j.engine.format.Images;
import org.deeplake4j.engine.format.Json;
import org.deeplake4j.engine.format.Lz4;
import org.deeplake4j.engine.format.NdArrays;
import org.deeplake4j.engine.format.RunTable;
import org.deeplake4j.engine.format.TensorMeta;
import org.deeplake4j.engine.format.TileEncoder;
import org.deeplake4j.engine.internal.ChunkCache;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.version.ChunkLocator;
import org.deeplake4j.engine.version.VersionKeys;

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
    String encKey = VersionKeys.at(node, key + "/chunks_index/unsharded");
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
    String tileKey = VersionKeys.at(node, key + "/tiles_index/unsharded");
    this.tiles =
        storage
            .getIfExists(tileKey)
            .map(b -> TileEncoder.parse(b, tileKey))
            .orElse(TileEncoder.empty());
    if (meta.isSequence()) {
      String seqKey = VersionKeys.at(node, key + "/sequence_index/unsharded");
      this.sequences =
          storage
              .getIfExists(seqKey)
              .map(b -> Encoders.parseSequence(b, seqKey))
              .orElse(RunTable.empty(3));
    } else {
      this.sequences = null;
    }
    if (meta.isLink()) {
      String credsKey = VersionKeys.at(node, key + "/creds_index/unsharded");
      this.creds =
          storage.getIfExists(credsKey).map(b -> Encoders.parseCreds(b, credsKey)).orElse(null);
    } else {
      this.creds = null;
    }
    this.locator = new ChunkLocator(storage, chain, key);
    this.dtype = meta.numericDtype();
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
          VersionKeys.at(dataset.nodeId(), key + "/sequence_index/unsharded"),
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

  /** Decoded chunk data plus, for image canvases, the cut samples. */
  private record Loaded(Chunk chunk, byte[] data, int off, int len, NdArray[] cut)
      implements ChunkCache.Sized {
    @Override
    public long sizeBytes() {
      return chunk.dataLength() + (data == null ? 0 : len) + 64;
    }
  }

  private enum ChunkClass {
    UNCOMPRESSED,
    SAMPLE,
    CHUNK_BYTES,
    CHUNK_IMAGE
  }

  private ChunkClass chunkClass() {
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
    return locator.keyOf(ChunkIdEncoder.nameOf(chunkIds.id(row)));
  }

  private Chunk rawChunk(String ckey) {
    return Chunk.parse(storage.get(ckey), ckey);
  }

  private Loaded loaded(int row) {
    String ckey = chunkKey(row);
    return cache.get(
        ckey,
        () -> {
          Chunk c = rawChunk(ckey);
          byte[] buf = chunkBuffer(c);
          switch (chunkClass()) {
            case CHUNK_BYTES:
              byte[] d = Lz4.decompress(buf, c.dataStart(), c.dataLength(), ckey);
              return new Loaded(c, d, 0, d.length, null);
            case CHUNK_IMAGE:
              return new Loaded(c, buf, c.dataStart(), c.dataLength(), cutCanvas(c, buf, ckey));
            default:
              return new Loaded(c, buf, c.dataStart(), c.dataLength(), null);
          }
        });
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
          VersionKeys.at(dataset.nodeId(), key + "/chunks_index/unsharded"),
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
    TileEncoder.Entry t = tiles.get(item);
    if (t != null) {
      return t.sampleShape().clone();
    }
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    return c.chunk.shapeOf(l.local, ndimIfUnknown());
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
    if (tiles.get(item) != null) {
      throw new DeepLakeException(
          "item " + item + " of tensor '" + name + "' is tiled: it has no single stored blob");
    }
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    if (c.cut != null) {
      throw new DeepLakeException(
          "tensor '" + name + "' is chunk-compressed as an image canvas: samples have no blob");
    }
    long[] r = c.chunk.byteRangeOf(l.local, c.len);
    return Arrays.copyOfRange(c.data, c.off + (int) r[0], c.off + (int) r[1]);
  }

  private ByteBuffer rawSlice(Loaded c, Located l) {
    long[] r = c.chunk.byteRangeOf(l.local, c.len);
    return ByteBuffer.wrap(c.data, c.off + (int) r[0], (int) (r[1] - r[0]));
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
    if (Htypes.isTextLike(meta.baseHtype())) {
      throw new DeepLakeException(
          "tensor '" + name + "' holds " + meta.baseHtype() + " samples: use text() or json()");
    }
    Dtype dt = requireDtype();
    TileEncoder.Entry t = tiles.get(item);
    if (t != null) {
      return readTiled(item, t, dt);
    }
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    long[] shape = c.chunk.shapeOf(l.local, ndimIfUnknown());
    if (c.cut != null) {
      return c.cut[(int) l.local];
    }
    if (NdArray.numElements(shape) == 0) {
      return new NdArray(dt, shape, ByteBuffer.allocate(0));
    }
    if ("polygon".equals(meta.baseHtype())) {
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

  private void checkSize(long bytes, long[] shape, Dtype dt, String ckey, long item) {
    long need = NdArray.numElements(shape) * dt.itemSize();
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
    if (len == 0 || NdArray.numElements(shape) == 0) {
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

  private NdArray[] cutCanvas(Chunk c, byte[] buf, String ckey) {
    int n = (int) c.numSamples();
    NdArray[] out = new NdArray[n];
    Dtype dt = requireDtype();
    List<long[]> shapes = new ArrayList<>();
    long maxH = 0;
    long sumW = 0;
    long channels = -1;
    for (int i = 0; i < n; i++) {
      long[] s = c.shapeOf(i, ndimIfUnknown());
      shapes.add(s);
      if (s.length >= 2 && !isAllZero(s)) {
        maxH = Math.max(maxH, s[0]);
        sumW += s[1];
        if (channels < 0) {
          channels = s.length > 2 ? s[2] : 1;
        }
      }
    }
    NdArray canvas = null;
    if (c.dataLength() > 0 && sumW > 0) {
      canvas = Images.decode(buf, c.dataStart(), c.dataLength(), meta.chunkCompression(), ckey);
    }
    long x = 0;
    for (int i = 0; i < n; i++) {
      long[] s = shapes.get(i);
      if (isAllZero(s) || NdArray.numElements(s) == 0) {
        out[i] = new NdArray(dt, s, ByteBuffer.allocate(0));
        continue;
      }
      if (canvas == null) {
        throw new CorruptDataException(ckey, "image canvas is empty but sample " + i + " is not");
      }
      out[i] = NdArrays.reshapeCast(cropCanvas(canvas, s, x, ckey), s, dt, ckey);
      x += s[1];
    }
    return out;
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
    int h = (int) s[0];
    int w = (int) s[1];
    if (h > cs[0] || x + w > cw) {
      throw new CorruptDataException(
          ckey, "sample of shape " + Arrays.toString(s) + " at x=" + x + " exceeds the canvas");
    }
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
    int row = chunkIds.rowOf(item);
    int count = chunkIds.rowsWithSameLast(row);
    long[] full = t.sampleShape();
    long[] tile = t.tileShape();
    long[] grid = t.grid();
    if (NdArray.numElements(grid) != count) {
      throw new CorruptDataException(
          VersionKeys.at(dataset.nodeId(), key + "/tiles_index/unsharded"),
          "item "
              + item
              + " has a "
              + Arrays.toString(grid)
              + " tile grid but "
              + count
              + " tile chunks");
    }
    int item0 = dt.itemSize();
    long total = NdArray.numElements(full) * item0;
    if (total > Integer.MAX_VALUE - 16) {
      throw new DeepLakeException("tiled item " + item + " of '" + name + "' exceeds 2 GiB");
    }
    byte[] out = new byte[(int) total];
    long[] coord = new long[grid.length];
    for (int k = 0; k < count; k++) {
      String ckey = chunkKey(row + k);
      Chunk c = rawChunk(ckey);
      long[] ts = c.shapeOf(0, full.length);
      byte[] buf = chunkBuffer(c);
      byte[] tileBytes;
      String codec =
          meta.sampleCompression() != null ? meta.sampleCompression() : meta.chunkCompression();
      if (c.dataLength() == 0) {
        tileBytes = new byte[(int) (NdArray.numElements(ts) * item0)];
      } else if (codec == null) {
        tileBytes = Arrays.copyOfRange(buf, c.dataStart(), c.dataStart() + c.dataLength());
      } else {
        tileBytes = decodeBlob(buf, c.dataStart(), c.dataLength(), codec, ts, dt, ckey).toBytes();
      }
      checkSize(tileBytes.length, ts, dt, ckey, item);
      long[] origin = new long[grid.length];
      for (int d = 0; d < grid.length; d++) {
        origin[d] = coord[d] * tile[d];
      }
      place(out, full, tileBytes, ts, origin, item0, ckey);
      for (int d = grid.length - 1; d >= 0; d--) {
        if (++coord[d] < grid[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    return NdArray.of(dt, full, out);
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
    int maxPts = (int) shape[1];
    int nd = (int) shape[2];
    int item = dt.itemSize();
    byte[] out = new byte[(int) (NdArray.numElements(shape) * item)];
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
    Located l = locate(item);
    Loaded c = loaded(l.row);
    checkLocal(c, l);
    ByteBuffer raw = rawSlice(c, l);
    byte[] b = raw.array();
    int off = raw.position();
    int len = raw.remaining();
    if (chunkClass() == ChunkClass.SAMPLE && Codecs.isByteCodec(meta.sampleCompression())) {
      byte[] d = Lz4.decompress(b, off, len, c.chunk.key());
      return new String(d, StandardCharsets.UTF_8);
    }
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /** Parsed JSON of a json / list / tag item (an empty stored value reads as {} or []). */
  public JsonNode itemJson(long item) {
    Tensor fresh = cur();
    if (fresh != this) {
      return fresh.itemJson(item);
    }
    String t = itemText(item);
    if (t.isEmpty()) {
      return Htypes.isListLike(meta.baseHtype())
          ? JsonNodeFactory.instance.arrayNode()
          : JsonNodeFactory.instance.objectNode();
    }
    return Json.parseText(t, "tensor '" + name + "' item " + item);
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
