package org.deeplake4j.engine.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Encoders;
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
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * One tensor of a dataset at one version, as the read layer decodes it: its metadata, encoders and
 * {@link ChunkSource}, and every sample read (locate the chunk, parse, decompress, slice; tiles,
 * image canvases, sequences, polygons and links). The public {@code Tensor} handle and TQL read
 * through it. Bulk reads over row ranges are in {@link RangeReader}.
 *
 * <p>A snapshot: it never sees later writes (the handle swaps in a new reader when the dataset
 * changes). Thread-safe: reads may run concurrently; decoded chunks are shared through the
 * dataset's cache.
 */
public final class TensorReader {
  private final ReadContext ctx;
  private final String name;
  private final String key;
  private final String node;
  private final TensorMeta meta;
  private final JsonNode info;
  private final ChunkSource chunks;
  private final TileEncoder tiles;
  private final RunTable sequences;
  private final RunTable creds;
  private final Dtype dtype;
  private final boolean textLike;
  private final boolean polygon;

  /**
   * Reads the encoders of tensor {@code key} at the first node of {@code chain}.
   *
   * @param name the user-visible name
   * @param key the storage folder
   * @param chain the node being read and its ancestors, nearest first
   * @throws CorruptDataException if the chunk-id encoder covers fewer items than the meta's length
   */
  public TensorReader(
      ReadContext ctx,
      String name,
      String key,
      TensorMeta meta,
      JsonNode info,
      ChunkCache cache,
      List<String> chain) {
    this.ctx = ctx;
    this.name = name;
    this.key = key;
    this.meta = meta;
    this.info = info;
    Storage storage = ctx.storage();
    this.node = chain.get(0);
    String encKey = VersionKeys.at(node, Layout.chunksIndex(key));
    ChunkIdEncoder chunkIds =
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
    String tileKey = tileKey();
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
    this.chunks =
        new ChunkSource(
            name, meta, storage, chunkIds, new ChunkLocator(storage, chain, key), cache);
    this.dtype = meta.numericDtype();
    this.textLike = meta.baseType().isTextLike();
    this.polygon = meta.baseType() == Htype.POLYGON;
  }

  private String tileKey() {
    return VersionKeys.at(node, Layout.tilesIndex(key));
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
    return meta;
  }

  /** Htype as Python reports it, e.g. {@code sequence[image]}, {@code link[image]}. */
  public String htype() {
    return meta.displayHtype();
  }

  /** Base htype ({@code generic} when unset). */
  public String baseHtype() {
    return meta.baseHtype();
  }

  /** Numeric dtype, or null for text/json/list tensors. */
  public Dtype dtype() {
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

  /** Tensor info ({@code tensor_info.json}; empty object when absent), a copy. */
  public JsonNode info() {
    return info.deepCopy();
  }

  /** Class names of a class_label tensor (empty if none). */
  public List<String> classNames() {
    List<String> out = new ArrayList<>();
    JsonNode n = info.get("class_names");
    if (n != null && n.isArray()) {
      n.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  /** Number of rows: sequences for a sequence tensor, else items (Python's {@code len}). */
  public long length() {
    return sequences != null ? sequences.count() : meta.length();
  }

  /** Number of stored items (flattened sequence items). */
  public long numItems() {
    return meta.length();
  }

  /** Approximate stored bytes of this tensor's chunks at this version (each chunk once). */
  public long sizeApprox() {
    Set<String> seen = new HashSet<>();
    long total = 0;
    Storage storage = chunks.storage();
    for (int r = 0; r < chunks.ids().rows(); r++) {
      String k = chunks.key(r);
      if (seen.add(k)) {
        total += storage.metadata(k).map(m -> m.size()).orElse(0L);
      }
    }
    return total;
  }

  /** Number of chunk rows in the chunk-id encoder (tile chunks counted). */
  public int numChunks() {
    return chunks.ids().rows();
  }

  /** The chunk-id encoder of this version. */
  public ChunkIdEncoder chunkIdEncoder() {
    return chunks.ids();
  }

  /** Where this tensor's chunks come from. */
  public ChunkSource chunks() {
    return chunks;
  }

  /** Whether any item is tiled. */
  public boolean hasTiles() {
    return !tiles.isEmpty();
  }

  /** Flat item range {@code [start, end)} of sequence row {@code row}. */
  public long[] sequenceRange(long row) {
    if (sequences == null) {
      checkItem(row);
      return new long[] {row, row + 1};
    }
    checkRow(row);
    int r = sequences.rowOf(row);
    long[] range = sequences.rangeOf(row, r);
    if (range[1] > meta.length()) {
      throw new CorruptDataException(
          VersionKeys.at(node, Layout.sequenceIndex(key)),
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
    return itemShape(itemOfRow(row));
  }

  /** Numeric value (images decoded to pixels) of row {@code row}. */
  public NdArray numpy(long row) {
    return itemNumpy(itemOfRow(row));
  }

  /** Text of row {@code row} of a text tensor (or the path of a link tensor). */
  public String text(long row) {
    return itemText(itemOfRow(row));
  }

  /** Parsed JSON value of a json / list / tag row. */
  public JsonNode json(long row) {
    return itemJson(itemOfRow(row));
  }

  /** The stored bytes of a row: the compressed blob of a sample-compressed tensor. */
  public byte[] bytes(long row) {
    return itemBytes(itemOfRow(row));
  }

  /** Link string of a link tensor row. */
  public String linkPath(long row) {
    return itemLinkPath(itemOfRow(row));
  }

  // ---------------------------------------------------------------- item-level reads

  private int ndimIfUnknown() {
    return meta.maxShape().length;
  }

  /** Item {@code item} as chunk row {@code row} and index {@code local} within the chunk. */
  record Located(int row, long local) {}

  Located locate(long item) {
    checkItem(item);
    int row = chunks.ids().rowOf(item);
    if (row < 0) {
      throw new CorruptDataException(
          VersionKeys.at(node, Layout.chunksIndex(key)), "item " + item + " is in no chunk");
    }
    return new Located(row, item - chunks.ids().first(row));
  }

  /** Whether item {@code item} is tiled. */
  boolean isTiled(long item) {
    return !tiles.isEmpty() && tiles.get(item) != null;
  }

  /** Shape of item {@code item}. */
  public long[] itemShape(long item) {
    checkItem(item);
    TileEncoder.Entry t = tiles.get(item);
    if (t != null) {
      return t.sampleShape().clone();
    }
    Located l = locate(item);
    DecodedChunk c = chunks.loaded(l.row);
    checkLocal(c, l);
    return c.shapeOf(l.local, ndimIfUnknown()).clone();
  }

  private void checkLocal(DecodedChunk c, Located l) {
    if (l.local >= c.chunk().numSamples()) {
      throw new CorruptDataException(
          c.chunk().key(),
          "tensor '"
              + name
              + "' expects local sample "
              + l.local
              + " in this chunk, which holds "
              + c.chunk().numSamples());
    }
  }

  /** The stored bytes of item {@code item} (compressed blob, or raw element/text bytes). */
  public byte[] itemBytes(long item) {
    checkItem(item);
    if (tiles.get(item) != null) {
      throw new DeepLakeException(
          "item " + item + " of tensor '" + name + "' is tiled: it has no single stored blob");
    }
    Located l = locate(item);
    DecodedChunk c = chunks.loaded(l.row);
    checkLocal(c, l);
    if (c.canvas() != null) {
      throw new DeepLakeException(
          "tensor '" + name + "' is chunk-compressed as an image canvas: samples have no blob");
    }
    long[] r = c.byteRangeOf(l.local);
    return Arrays.copyOfRange(c.data(), c.off() + (int) r[0], c.off() + (int) r[1]);
  }

  private Dtype requireDtype() {
    return dtype != null ? dtype : SampleCodec.requireDtype(name, meta);
  }

  /** The dtype of bulk reads; text-like tensors have none. */
  Dtype requireNumeric() {
    if (textLike && !meta.isLink()) {
      throw new DeepLakeException(
          "tensor '" + name + "' holds " + meta.baseHtype() + " samples: use text() or json()");
    }
    return meta.isLink() && dtype == null ? Dtype.UINT8 : requireDtype();
  }

  /** Whether samples are polygons (stored with point counts, read padded). */
  boolean isPolygon() {
    return polygon;
  }

  /**
   * Numeric value of item {@code item}: raw elements, decoded lz4, decoded image pixels (shaped as
   * stored, e.g. {@code (H, W, 1)} for grayscale), reassembled tiles, or a linked image.
   */
  public NdArray itemNumpy(long item) {
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
      String codec =
          meta.sampleCompression() != null ? meta.sampleCompression() : meta.chunkCompression();
      return Tiles.read(name, chunks, tileKey(), codec, item, t, dt);
    }
    Located l = locate(item);
    DecodedChunk c = chunks.loaded(l.row);
    checkLocal(c, l);
    long[] shape = c.shapeOf(l.local, ndimIfUnknown());
    if (c.canvas() != null) {
      return Canvas.sample(c, l.local, shape, dt);
    }
    String ckey = c.chunk().key();
    ChunkSource.ChunkClass cls = chunks.chunkClass();
    if (c.uniformShape() != null && cls != ChunkSource.ChunkClass.SAMPLE && !polygon) {
      // Every sample of the chunk has this shape and size (checked once at load).
      if (c.uniformSize() != SampleCodec.byteSize(shape, dt, ckey)) {
        SampleCodec.checkSize(name, c.uniformSize(), shape, dt, ckey, item);
      }
      return NdArray.view(dt, shape, c.rawView(l.local));
    }
    if (SampleCodec.elements(shape, ckey) == 0) {
      return new NdArray(dt, shape, ByteBuffer.allocate(0));
    }
    if (polygon) {
      return SampleCodec.polygonPadded(c.rawSlice(l.local), shape, dt, ckey);
    }
    ByteBuffer raw = c.rawSlice(l.local);
    if (cls == ChunkSource.ChunkClass.SAMPLE) {
      return SampleCodec.decodeBlob(
          name,
          raw.array(),
          raw.position(),
          raw.remaining(),
          meta.sampleCompression(),
          shape,
          dt,
          ckey);
    }
    SampleCodec.checkSize(name, raw.remaining(), shape, dt, ckey, item);
    return new NdArray(dt, shape, raw);
  }

  /**
   * The polygons of a polygon item, each an array of shape {@code (points, ndim)} in the tensor's
   * dtype (Python's {@code Polygons.numpy()}).
   */
  public List<NdArray> itemPolygons(long item) {
    if (!polygon) {
      throw new DeepLakeException("tensor '" + name + "' is not a polygon tensor");
    }
    Dtype dt = requireDtype();
    Located l = locate(item);
    DecodedChunk c = chunks.loaded(l.row);
    checkLocal(c, l);
    long[] shape = c.chunk().shapeOf(l.local, ndimIfUnknown());
    if (NdArray.numElements(shape) == 0) {
      return new ArrayList<>();
    }
    return SampleCodec.polygons(c.rawSlice(l.local), shape, dt, c.chunk().key());
  }

  /** Text of item {@code item} (UTF-8); for json/list tensors the stored JSON text. */
  public String itemText(long item) {
    return storedText(item).text;
  }

  private record StoredText(String text, String chunkKey) {}

  private StoredText storedText(long item) {
    Located l = locate(item);
    DecodedChunk c = chunks.loaded(l.row);
    checkLocal(c, l);
    ByteBuffer raw = c.rawSlice(l.local);
    byte[] b = raw.array();
    int off = raw.position();
    int len = raw.remaining();
    String ckey = c.chunk().key();
    if (chunks.chunkClass() == ChunkSource.ChunkClass.SAMPLE
        && Codecs.isByteCodec(meta.sampleCompression())) {
      byte[] d = Lz4.decompress(b, off, len, ckey);
      return new StoredText(new String(d, StandardCharsets.UTF_8), ckey);
    }
    return new StoredText(new String(b, off, len, StandardCharsets.UTF_8), ckey);
  }

  /** Parsed JSON of a json / list / tag item (an empty stored value reads as {} or []). */
  public JsonNode itemJson(long item) {
    StoredText t = storedText(item);
    if (t.text.isEmpty()) {
      return meta.baseType().emptySample() == Htype.EmptySample.EMPTY_LIST
          ? JsonNodeFactory.instance.arrayNode()
          : JsonNodeFactory.instance.objectNode();
    }
    return Json.parseSample(t.text, t.chunkKey, "tensor '" + name + "' item " + item);
  }

  // ---------------------------------------------------------------- links

  /** Link string of item {@code item} of a link tensor ({@code ""} = empty sample). */
  public String itemLinkPath(long item) {
    if (!meta.isLink()) {
      throw new DeepLakeException("tensor '" + name + "' is not a link tensor");
    }
    return itemText(item);
  }

  /** Credentials name of a link item, or empty when it uses no named credentials. */
  public Optional<String> itemCredsKey(long item) {
    if (creds == null || creds.rows() == 0) {
      return Optional.empty();
    }
    int r = creds.rowOf(item);
    if (r < 0) {
      return Optional.empty();
    }
    long idx = creds.value(r, 0);
    return idx == 0 ? Optional.empty() : Optional.of(ctx.credsKey(idx));
  }

  private NdArray linkedNumpy(long item) {
    String path = itemLinkPath(item);
    Dtype dt = dtype == null ? Dtype.UINT8 : dtype;
    if (path.isEmpty()) {
      // Python reads an empty link as np.array([]): float64 of shape (0,).
      return new NdArray(Dtype.FLOAT64, new long[] {0}, ByteBuffer.allocate(0));
    }
    byte[] blob = ctx.readLink(path, itemCredsKey(item));
    String codec = meta.sampleCompression();
    if (codec == null || Codecs.isImageCodec(codec)) {
      NdArray px = Images.decode(blob, 0, blob.length, codec == null ? "image" : codec, path);
      long[] s = px.shape();
      if (s.length == 2 && meta.baseType().isImage()) {
        s = new long[] {s[0], s[1], 1};
      }
      return NdArrays.reshapeCast(px, s, dt, path);
    }
    throw new UnsupportedFormatException(
        "tensor '" + name + "': linked " + codec + " files are not decoded; read the link path");
  }

  /** The stored bytes of a linked file (link tensors). */
  public byte[] itemLinkedBytes(long item) {
    String path = itemLinkPath(item);
    return path.isEmpty() ? new byte[0] : ctx.readLink(path, itemCredsKey(item));
  }

  // ---------------------------------------------------------------- bulk reads

  /** See {@link RangeReader#readRange(TensorReader, long, long, float[], int)}. */
  public int readRange(long start, long end, float[] dst, int offset) {
    return RangeReader.readRange(this, start, end, dst, offset);
  }

  /** See {@link RangeReader#readRange(TensorReader, long, long, int[], int)}. */
  public int readRange(long start, long end, int[] dst, int offset) {
    return RangeReader.readRange(this, start, end, dst, offset);
  }

  /** See {@link RangeReader#readRange(TensorReader, long, long, ByteBuffer, boolean)}. */
  public long readRange(long start, long end, ByteBuffer dst) {
    return RangeReader.readRange(this, start, end, dst, false);
  }

  /** See {@link RangeReader#readRange(TensorReader, long, long, ByteBuffer, boolean)}. */
  public long readStoredRange(long start, long end, ByteBuffer dst) {
    return RangeReader.readRange(this, start, end, dst, true);
  }

  /** See {@link RangeReader#readStoredItems}. */
  public void readStoredItems(long start, long end, RangeReader.ItemBytesSink sink) {
    RangeReader.readStoredItems(this, start, end, sink);
  }

  // ---------------------------------------------------------------- describe

  /** Summary of the tensor's metadata in the layout of the fixtures' expected.json. */
  public ObjectNode describe() {
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
