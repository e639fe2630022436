package org.deeplake4j.engine;

import java.util.List;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.write.NewTensorSpec;
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
    return internal().baseHtype();
  }

  /** Whether the htype is wrapped in {@code sequence[...]}. */
  public boolean isSequence() {
    return internal().isSequence();
  }

  /** Whether the htype is wrapped in {@code link[...]}. */
  public boolean isLink() {
    return internal().isLink();
  }

  /** This spec as the write side takes it. */
  NewTensorSpec internal() {
    return new NewTensorSpec(
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
        info);
  }

  /**
   * The spec that creates a tensor like {@code t}: htype (with sequence/link wrappers), dtype,
   * compressions, chunk settings, class names, hidden flag and the same companions.
   */
  static TensorSpec from(Tensor t) {
    NewTensorSpec s = NewTensorSpec.from(t.meta(), t.classNames());
    return new TensorSpec(
        s.htype(),
        s.dtype(),
        s.sampleCompression(),
        s.chunkCompression(),
        s.maxChunkSize(),
        s.tilingThreshold(),
        s.classNames(),
        s.hidden(),
        s.createIdTensor(),
        s.createShapeTensor(),
        s.createSampleInfoTensor(),
        s.verify(),
        null);
  }
}
