package org.deeplake4j.engine;

import java.util.List;
import java.util.Locale;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Htypes;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.types.Dtype;

/**
 * How to create a tensor, as Python's {@code ds.create_tensor(...)} arguments. Immutable; {@code
 * with*} methods return copies. Absent values take Python's defaults for the htype.
 *
 * @param htype htype, possibly wrapped: {@code image}, {@code sequence[image]}, {@code
 *     link[image]}; null for an untyped tensor (htype set at first append, as in Python)
 * @param dtype numpy dtype name, or null for the htype default / inferred from the first sample
 * @param sampleCompression per-sample codec or null
 * @param chunkCompression whole-chunk codec or null
 * @param maxChunkSize chunk size cap in bytes, or null for the library default (16 MB)
 * @param tilingThreshold tiling threshold, null for the default, -1 to disable tiling
 * @param classNames class names of a class_label tensor, or null
 * @param hidden hidden tensor
 * @param createIdTensor create the {@code _x_id} companion (Python's default: true)
 * @param createShapeTensor create {@code _x_shape} where the htype has one (default true)
 * @param createSampleInfoTensor create {@code _x_info} where the htype has one (default true)
 * @param verify for link tensors: read linked files at append to record shapes (default true)
 * @param info htype-specific info set at creation (coords, keypoints, connections, user keys)
 */
public record TensorSpec(
    String htype,
    String dtype,
    String sampleCompression,
    String chunkCompression,
    Long maxChunkSize,
    Long tilingThreshold,
    List<String> classNames,
    boolean hidden,
    boolean createIdTensor,
    boolean createShapeTensor,
    boolean createSampleInfoTensor,
    boolean verify,
    java.util.Map<String, Object> info) {

  public TensorSpec {
    info =
        info == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    sampleCompression = Codecs.normalize(sampleCompression);
    chunkCompression = Codecs.normalize(chunkCompression);
    classNames = classNames == null ? null : List.copyOf(classNames);
  }

  /** A spec for {@code htype} with every other argument at its default. */
  public static TensorSpec of(String htype) {
    return new TensorSpec(
        htype, null, null, null, null, null, null, false, true, true, true, true, null);
  }

  /** An untyped tensor: {@code create_tensor(name)}. */
  public static TensorSpec generic() {
    return of(null);
  }

  public TensorSpec withDtype(String d) {
    return new TensorSpec(
        htype,
        d,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withDtype(Dtype d) {
    return withDtype(d.numpyName());
  }

  public TensorSpec withSampleCompression(String c) {
    return new TensorSpec(
        htype,
        dtype,
        c,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withChunkCompression(String c) {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        c,
        maxChunkSize,
        tilingThreshold,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withMaxChunkSize(long bytes) {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        bytes,
        tilingThreshold,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withTilingThreshold(long bytes) {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        bytes,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withClassNames(List<String> names) {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        names,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withHidden(boolean h) {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        classNames,
        h,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        info);
  }

  public TensorSpec withVerify(boolean v) {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        v,
        info);
  }

  /**
   * Htype-specific info set at creation, as Python's create_tensor keyword arguments: {@code
   * coords} (bbox), {@code keypoints} / {@code connections} (keypoints_coco), or any user key.
   */
  public TensorSpec withInfo(java.util.Map<String, ?> values) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(info);
    m.putAll(values);
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        classNames,
        hidden,
        createIdTensor,
        createShapeTensor,
        createSampleInfoTensor,
        verify,
        m);
  }

  /** No companion tensors at all (as Python's create_*_tensor=False flags). */
  public TensorSpec withoutCompanions() {
    return new TensorSpec(
        htype,
        dtype,
        sampleCompression,
        chunkCompression,
        maxChunkSize,
        tilingThreshold,
        classNames,
        hidden,
        false,
        false,
        false,
        verify,
        info);
  }

  /** The base htype with sequence/link wrappers removed, or null. */
  public String baseHtype() {
    String h = htype;
    while (h != null && (h.startsWith("sequence[") || h.startsWith("link[")) && h.endsWith("]")) {
      h = h.substring(h.indexOf('[') + 1, h.length() - 1);
    }
    return h == null ? null : h.toLowerCase(Locale.ROOT);
  }

  /** Whether the htype is wrapped in {@code sequence[...]}. */
  public boolean isSequence() {
    return htype != null && htype.contains("sequence[");
  }

  /** Whether the htype is wrapped in {@code link[...]}. */
  public boolean isLink() {
    return htype != null && htype.contains("link[");
  }

  /** Checks the spec as Python does at create_tensor; throws with the tensor name. */
  void validate(String name) {
    String base = baseHtype();
    if (base != null && !Htypes.isKnown(base)) {
      throw new DeepLakeException("tensor '" + name + "': unknown htype '" + base + "'");
    }
    if (sampleCompression != null && chunkCompression != null) {
      throw new DeepLakeException(
          "tensor '" + name + "': sample_compression and chunk_compression are exclusive");
    }
    for (String c : new String[] {sampleCompression, chunkCompression}) {
      if (c != null
          && !Codecs.isByteCodec(c)
          && !Codecs.isImageCodec(c)
          && !Codecs.MEDIA.contains(c)) {
        throw new DeepLakeException("tensor '" + name + "': unknown compression '" + c + "'");
      }
    }
    if (dtype != null && Dtype.parse(dtype) == null && !Htypes.isTextLike(base)) {
      throw new DeepLakeException("tensor '" + name + "': unknown dtype '" + dtype + "'");
    }
    if ("text".equals(base) && dtype != null && !"str".equals(dtype)) {
      throw new DeepLakeException("tensor '" + name + "': text tensors have dtype str");
    }
    if (maxChunkSize != null && maxChunkSize <= 0) {
      throw new DeepLakeException("tensor '" + name + "': max_chunk_size must be positive");
    }
  }

  /**
   * The spec that creates a tensor like {@code t}: htype (with sequence/link wrappers), dtype,
   * compressions, chunk settings, class names, hidden flag and the same companions.
   */
  static TensorSpec from(Tensor t) {
    TensorMeta m = t.meta();
    java.util.Set<String> kinds = new java.util.HashSet<>();
    m.links().values().forEach(l -> kinds.add(l.path("extend").asText()));
    return new TensorSpec(
        m.htype() == null ? null : m.displayHtype(),
        m.numericDtype() != null ? m.dtype() : null,
        m.sampleCompression(),
        m.chunkCompression(),
        m.maxChunkSize(),
        m.tilingThreshold(),
        t.classNames().isEmpty() ? null : t.classNames(),
        m.hidden(),
        kinds.contains("extend_id"),
        kinds.contains("extend_shape") || kinds.contains("extend_len"),
        kinds.contains("extend_info"),
        m.raw().path("verify").asBoolean(true),
        null);
  }
}
