package org.deeplake4j.engine.internal.write;

import java.util.List;
import java.util.Locale;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;

/**
 * The arguments of creating a tensor, as the write side takes them: the public {@code TensorSpec}'s
 * values (same components, same meaning; see there), plus the rules Python applies to them at
 * {@code create_tensor}.
 */
public record NewTensorSpec(
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

  public NewTensorSpec {
    info =
        info == null
            ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
    sampleCompression = Codecs.normalize(sampleCompression);
    chunkCompression = Codecs.normalize(chunkCompression);
    classNames = classNames == null ? null : List.copyOf(classNames);
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
    if (base != null && !Htype.isKnown(base)) {
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
    if (dtype != null
        && Dtype.parse(dtype) == null
        && !(base != null && Htype.of(base).isTextLike())) {
      throw new DeepLakeException("tensor '" + name + "': unknown dtype '" + dtype + "'");
    }
    if (Htype.TEXT.pythonName().equals(base) && dtype != null && !"str".equals(dtype)) {
      throw new DeepLakeException("tensor '" + name + "': text tensors have dtype str");
    }
    if (maxChunkSize != null && maxChunkSize <= 0) {
      throw new DeepLakeException("tensor '" + name + "': max_chunk_size must be positive");
    }
  }

  /**
   * The spec that creates a tensor like the one with meta {@code m} and class names {@code
   * classNames} (empty: none): htype (with sequence/link wrappers), dtype, compressions, chunk
   * settings, class names, hidden flag and the same companions.
   */
  public static NewTensorSpec from(TensorMeta m, List<String> classNames) {
    java.util.Set<String> kinds = new java.util.HashSet<>();
    m.links().values().forEach(l -> kinds.add(l.path("extend").asText()));
    return new NewTensorSpec(
        m.htype() == null ? null : m.displayHtype(),
        m.numericDtype() != null ? m.dtype() : null,
        m.sampleCompression(),
        m.chunkCompression(),
        m.maxChunkSize(),
        m.tilingThreshold(),
        classNames.isEmpty() ? null : classNames,
        m.hidden(),
        kinds.contains("extend_id"),
        kinds.contains("extend_shape") || kinds.contains("extend_len"),
        kinds.contains("extend_info"),
        m.verify(),
        null);
  }

  /** A spec from {@link TensorReader}: see {@link #from(TensorMeta, List)}. */
  public static NewTensorSpec from(TensorReader t) {
    return from(t.meta(), t.classNames());
  }
}
