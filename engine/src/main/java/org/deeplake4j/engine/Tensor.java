package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.HubJson;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.ChunkCache;
import org.deeplake4j.engine.internal.read.ReadContext;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.TensorMetadata;

/**
 * One tensor of a {@link Dataset} at the dataset's version: its metadata and its samples.
 *
 * <p>A row is what Python's {@code ds.tensor[i]} returns: for a {@code sequence[...]} tensor a
 * whole sequence of items, otherwise one item. Item-level methods ({@code item*}) address the
 * flattened items directly. Numeric reads return {@link NdArray}s that view decoded chunk bytes
 * without per-element boxing.
 *
 * <p>A handle: reads go to the read layer's {@code TensorReader} of the dataset's current state
 * (after writes through the dataset, the next read flushes them and reads the new state); writes go
 * to the dataset.
 *
 * <p>Thread-safe: reads may run concurrently; decoded chunks are shared through the dataset's
 * cache. Valid while its dataset is open.
 */
public final class Tensor {
  private final Dataset dataset;
  private final long generation;
  private final TensorReader reader;

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
    this.reader = new TensorReader(new Context(dataset), name, key, meta, info, cache, chain);
  }

  /** What the reader needs from the dataset: its storage, linked credentials and linked files. */
  private record Context(Dataset dataset) implements ReadContext {
    @Override
    public Storage storage() {
      return dataset.storage();
    }

    @Override
    public String credsKey(long index) {
      return dataset.credsKey(index);
    }

    @Override
    public byte[] readLink(String link, Optional<String> credsKey) {
      return dataset.readLink(link, credsKey);
    }
  }

  /**
   * The reader of this tensor as of the dataset's latest writes (flushing them first): this
   * handle's own while the dataset has not changed since it was made.
   */
  TensorReader reader() {
    if (dataset.generation() == generation) {
      return reader;
    }
    dataset.flushIfDirty();
    return dataset.tensor(reader.name()).reader();
  }

  // ---------------------------------------------------------------- writing

  /**
   * Appends one sample (see {@link SampleEncoder} for accepted values; a {@code List} of items for
   * a sequence tensor). Requires a writable dataset at a branch HEAD.
   */
  public void append(Object value) {
    dataset.append(name(), value);
  }

  /** Appends every value of {@code values}. */
  public void extend(List<?> values) {
    dataset.extend(name(), values);
  }

  /** Appends the first-axis slices of {@code batch} as samples (see {@link Dataset#extend}). */
  public void extend(NdArray batch) {
    dataset.extend(name(), batch);
  }

  /** Replaces sample {@code index} (see {@link Dataset#update}). */
  public void update(long index, Object value) {
    dataset.update(name(), index, value);
  }

  /** Removes sample {@code index} of this tensor (see {@link Dataset#pop(String, long)}). */
  public void pop(long index) {
    dataset.pop(name(), index);
  }

  /** Adds or replaces keys of this tensor's info. */
  public void updateInfo(java.util.Map<String, ?> values) {
    dataset.updateTensorInfo(name(), values);
  }

  /** Appends an empty sample. */
  public void appendEmpty() {
    dataset.append(name(), null);
  }

  /** User-visible name (a group tensor is {@code group/name}). */
  public String name() {
    return reader.name();
  }

  /** Storage key (folder); differs from the name after a rename. */
  public String key() {
    return reader.key();
  }

  /**
   * The engine's internal meta record.
   *
   * @deprecated exposes an internal type; use {@link #metadata()}. Kept for the engine's write side
   *     until it reads metas through its own layer.
   */
  @Deprecated
  public TensorMeta meta() {
    return reader().meta();
  }

  /**
   * What this tensor is at the dataset's current state: htype, dtype, compression, class names,
   * shapes, flags, length and chunk count, as an immutable value.
   */
  public TensorMetadata metadata() {
    TensorReader r = reader();
    TensorMeta m = r.meta();
    return new TensorMetadata(
        r.name(),
        r.key(),
        m.baseType(),
        r.htype(),
        m.dtype(),
        r.dtype(),
        m.sampleCompression(),
        m.chunkCompression(),
        m.effectiveMaxChunkSize(),
        m.effectiveTilingThreshold(),
        r.classNames(),
        m.minShape(),
        m.maxShape(),
        r.isHidden(),
        r.isSequence(),
        r.isLink(),
        r.length(),
        r.numItems(),
        r.numChunks());
  }

  /** The base htype's registry entry ({@link Htype#GENERIC} when unset). */
  public Htype baseType() {
    return reader().meta().baseType();
  }

  /** Htype as Python reports it, e.g. {@code sequence[image]}, {@code link[image]}. */
  public String htype() {
    return reader().htype();
  }

  /** Base htype ({@code generic} when unset). */
  public String baseHtype() {
    return reader().baseHtype();
  }

  /** Numeric dtype, or null for text/json/list tensors. */
  public Dtype dtype() {
    return reader().dtype();
  }

  public boolean isHidden() {
    return reader.isHidden();
  }

  public boolean isSequence() {
    return reader.isSequence();
  }

  public boolean isLink() {
    return reader.isLink();
  }

  /** Tensor info ({@code tensor_info.json}; empty object when absent). */
  public JsonNode info() {
    return reader().info();
  }

  /** Class names of a class_label tensor (empty if none). */
  public List<String> classNames() {
    return reader().classNames();
  }

  /** Number of rows: sequences for a sequence tensor, else items (Python's {@code len}). */
  public long length() {
    return reader().length();
  }

  /** Number of stored items (flattened sequence items). */
  public long numItems() {
    return reader().numItems();
  }

  /** Approximate stored bytes of this tensor's chunks at this version (each chunk once). */
  public long sizeApprox() {
    return reader().sizeApprox();
  }

  /** Number of chunk rows in the chunk-id encoder (tile chunks counted). */
  public int numChunks() {
    return reader().numChunks();
  }

  /**
   * The chunk-id encoder of this version.
   *
   * @deprecated exposes an internal type; use {@link #chunkRowOf} and {@link #isTiled}. Kept for
   *     the engine's write side.
   */
  @Deprecated
  public ChunkIdEncoder chunkIdEncoder() {
    return reader().chunkIdEncoder();
  }

  /**
   * The row of the chunk index holding item {@code item}: chunks hold consecutive items, so items
   * with the same chunk row are read from one chunk (a tiled item spans several rows; this is its
   * first). -1 when the index has no row for the item.
   */
  public int chunkRowOf(long item) {
    return reader().chunkIdEncoder().rowOf(item);
  }

  /** Whether item {@code item} is stored as tiles (spread over several chunks). */
  public boolean isTiled(long item) {
    ChunkIdEncoder enc = reader().chunkIdEncoder();
    return enc.rowsWithSameLast(enc.rowOf(item)) > 1;
  }

  /** Flat item range {@code [start, end)} of sequence row {@code row}. */
  public long[] sequenceRange(long row) {
    return reader().sequenceRange(row);
  }

  // ---------------------------------------------------------------- row-level reads

  /** Shape of row {@code row} (of a non-sequence tensor). */
  public long[] shape(long row) {
    return reader().shape(row);
  }

  /** Numeric value (images decoded to pixels) of row {@code row}. */
  public NdArray numpy(long row) {
    return reader().numpy(row);
  }

  /** Text of row {@code row} of a text tensor (or the path of a link tensor). */
  public String text(long row) {
    return reader().text(row);
  }

  /**
   * The JSON value of item {@code item} of a json / list / tag tensor with every numpy array in it
   * (stored as a tagged object with base64 data) decoded to {@code {"_hub_custom_type": "ndarray",
   * "dtype": name, "shape": [...], "value": nested lists}}; bytes objects stay as they are.
   */
  public JsonNode itemJsonDecoded(long item) {
    return HubJson.decodeArrays(reader().itemJson(item));
  }

  /** Parsed JSON value of a json / list / tag row. */
  public JsonNode json(long row) {
    return reader().json(row);
  }

  /** The stored bytes of a row: the compressed blob of a sample-compressed tensor. */
  public byte[] bytes(long row) {
    return reader().bytes(row);
  }

  /** Link string of a link tensor row. */
  public String linkPath(long row) {
    return reader().linkPath(row);
  }

  // ---------------------------------------------------------------- item-level reads

  /** Shape of item {@code item}. */
  public long[] itemShape(long item) {
    return reader().itemShape(item);
  }

  /** The stored bytes of item {@code item} (compressed blob, or raw element/text bytes). */
  public byte[] itemBytes(long item) {
    return reader().itemBytes(item);
  }

  /**
   * Numeric value of item {@code item}: raw elements, decoded lz4, decoded image pixels (shaped as
   * stored, e.g. {@code (H, W, 1)} for grayscale), reassembled tiles, or a linked image.
   */
  public NdArray itemNumpy(long item) {
    return reader().itemNumpy(item);
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
    return reader().readRange(start, end, dst, offset);
  }

  /**
   * Copies the elements of rows {@code [start, end)} into {@code dst} from {@code offset}, as ints,
   * like {@link #readRange(long, long, float[], int)}: int32 and uint32 (bits kept) runs are bulk
   * copies, other dtypes are converted as {@link NdArray#copyTo(int[], int)} does.
   *
   * @return the number of elements written
   */
  public int readRange(long start, long end, int[] dst, int offset) {
    return reader().readRange(start, end, dst, offset);
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
    return reader().readRange(start, end, dst);
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
    return reader().readStoredRange(start, end, dst);
  }

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
    reader().readStoredItems(start, end, sink::item);
  }

  /**
   * The polygons of a polygon item, each an array of shape {@code (points, ndim)} in the tensor's
   * dtype (Python's {@code Polygons.numpy()}).
   */
  public List<NdArray> itemPolygons(long item) {
    return reader().itemPolygons(item);
  }

  /** Text of item {@code item} (UTF-8); for json/list tensors the stored JSON text. */
  public String itemText(long item) {
    return reader().itemText(item);
  }

  /** Parsed JSON of a json / list / tag item (an empty stored value reads as {} or []). */
  public JsonNode itemJson(long item) {
    return reader().itemJson(item);
  }

  /** Link string of item {@code item} of a link tensor ({@code ""} = empty sample). */
  public String itemLinkPath(long item) {
    return reader().itemLinkPath(item);
  }

  /** Credentials name of a link item, or empty when it uses no named credentials. */
  public Optional<String> itemCredsKey(long item) {
    return reader().itemCredsKey(item);
  }

  /** The stored bytes of a linked file (link tensors). */
  public byte[] itemLinkedBytes(long item) {
    return reader().itemLinkedBytes(item);
  }

  /** Summary of the tensor's metadata in the layout of the fixtures' expected.json. */
  public ObjectNode describe() {
    return reader().describe();
  }

  @Override
  public String toString() {
    return reader().toString();
  }
}
