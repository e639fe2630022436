package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;

/**
 * A tensor's {@code tensor_meta.json}, immutable. The full JSON object is kept ({@link #raw()}) so
 * keys this engine does not interpret round-trip, as Python round-trips them.
 *
 * @param name user-visible name
 * @param version writer version (dotted integers)
 * @param htype base htype; null in the file means "no samples yet" and reads as {@code generic}
 * @param dtype numpy dtype name, {@code str}, a typing string for json/list, or null
 * @param minShape per-dimension minimum sample shape
 * @param maxShape per-dimension maximum sample shape
 * @param length number of stored items (flattened for sequences)
 * @param sampleCompression per-sample codec or null
 * @param chunkCompression whole-chunk codec or null
 * @param maxChunkSize stored max_chunk_size or null (library default)
 * @param tilingThreshold stored tiling_threshold or null (library default); -1 disables tiling
 * @param hidden hidden companion tensor
 * @param isSequence {@code sequence[...]}
 * @param isLink {@code link[...]}
 * @param links companion tensors maintained on append: key to link spec
 * @param raw the whole JSON object
 */
public record TensorMeta(
    String name,
    String version,
    String htype,
    String dtype,
    long[] minShape,
    long[] maxShape,
    long length,
    String sampleCompression,
    String chunkCompression,
    Long maxChunkSize,
    Long tilingThreshold,
    boolean hidden,
    boolean isSequence,
    boolean isLink,
    Map<String, JsonNode> links,
    ObjectNode raw) {

  /** Python's default max chunk size: 16 MB (decimal). */
  public static final long DEFAULT_MAX_CHUNK_SIZE = 16_000_000L;

  /** Python's default tiling threshold: 16 MB (decimal). */
  public static final long DEFAULT_TILING_THRESHOLD = 16_000_000L;

  public TensorMeta {
    minShape = minShape.clone();
    maxShape = maxShape.clone();
    links = Collections.unmodifiableMap(new LinkedHashMap<>(links));
    raw = raw.deepCopy();
  }

  /** Parses {@code tensor_meta.json} bytes read from {@code key}. */
  public static TensorMeta parse(byte[] bytes, String key) {
    JsonNode root = Json.parse(bytes, key);
    JsonFields f = new JsonFields(root, key);
    String version = f.string("version", VersionStrings.WRITTEN);
    VersionStrings.requireV3(version, key);
    long[] min = f.longArray("min_shape");
    long[] max = f.longArray("max_shape");
    if (min.length != max.length) {
      throw new CorruptDataException(
          key,
          "min_shape "
              + Arrays.toString(min)
              + " and max_shape "
              + Arrays.toString(max)
              + " differ in length");
    }
    Map<String, JsonNode> links = new LinkedHashMap<>();
    JsonNode l = f.raw("links");
    if (l != null && !l.isNull()) {
      if (!l.isObject()) {
        throw new CorruptDataException(key, "field 'links' must be an object");
      }
      l.fields().forEachRemaining(e -> links.put(e.getKey(), e.getValue()));
    }
    String htype = f.string("htype", null);
    if (htype != null && !Htype.isKnown(htype)) {
      throw new CorruptDataException(key, "unknown htype '" + htype + "'");
    }
    String dtype = f.string("dtype", null);
    if (dtype != null
        && Dtype.parse(dtype) == null
        && !(htype != null && Htype.of(htype).isTextLike())
        && !Htypes.isObjectDtype(dtype)) {
      throw new CorruptDataException(key, "unknown dtype '" + dtype + "'");
    }
    return new TensorMeta(
        f.string("name", null),
        version,
        htype,
        dtype,
        min,
        max,
        f.nonNegativeLong("length", 0),
        Codecs.normalize(f.string("sample_compression", null)),
        Codecs.normalize(f.string("chunk_compression", null)),
        f.optLong("max_chunk_size"),
        f.optLong("tiling_threshold"),
        f.bool("hidden", false),
        f.bool("is_sequence", false),
        f.bool("is_link", false),
        links,
        (ObjectNode) root);
  }

  /** The effective htype: {@link #htype()} or {@code generic} when unset. */
  public String baseHtype() {
    return htype == null ? Htype.GENERIC.pythonName() : htype;
  }

  /** The registry entry of {@link #baseHtype()}. */
  public Htype baseType() {
    return Htype.ofStored(htype);
  }

  /** The htype as Python reports it, with {@code sequence[...]} / {@code link[...]} wrappers. */
  public String displayHtype() {
    String h = baseHtype();
    if (isSequence) {
      h = "sequence[" + h + "]";
    }
    if (isLink) {
      h = "link[" + h + "]";
    }
    return h;
  }

  /**
   * Whether link samples are read at append to record their shapes ({@code verify}; default true).
   */
  public boolean verify() {
    return raw.path("verify").asBoolean(true);
  }

  /** A builder starting from this meta, for writing a changed copy. */
  public TensorMetaBuilder toBuilder() {
    return TensorMetaBuilder.of(this);
  }

  /** The numeric dtype, or null for text/json/list tensors or an unset dtype. */
  public Dtype numericDtype() {
    return Dtype.parse(dtype);
  }

  /** Whether every stored sample has the same shape (Python's fixed-shape fast path). */
  public boolean isFixedShape() {
    return Arrays.equals(minShape, maxShape);
  }

  /** Effective max chunk size (stored value, or the library default when null/0). */
  public long effectiveMaxChunkSize() {
    return maxChunkSize == null || maxChunkSize == 0 ? DEFAULT_MAX_CHUNK_SIZE : maxChunkSize;
  }

  /** Effective tiling threshold (stored value, or the default when null/0); -1 = never tile. */
  public long effectiveTilingThreshold() {
    return tilingThreshold == null || tilingThreshold == 0
        ? DEFAULT_TILING_THRESHOLD
        : tilingThreshold;
  }

  @Override
  public long[] minShape() {
    return minShape.clone();
  }

  @Override
  public long[] maxShape() {
    return maxShape.clone();
  }

  @Override
  public ObjectNode raw() {
    return raw.deepCopy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorMeta t && raw.equals(t.raw);
  }

  @Override
  public int hashCode() {
    return raw.hashCode();
  }

  @Override
  public String toString() {
    return "TensorMeta" + raw;
  }
}
