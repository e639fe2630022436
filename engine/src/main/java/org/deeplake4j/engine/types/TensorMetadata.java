package org.deeplake4j.engine.types;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a tensor is, as of one version: its {@code tensor_meta.json} (htype, dtype, compression,
 * shapes, flags) plus its length and chunk count. Immutable; a snapshot taken when it was made (a
 * later write to the dataset does not change it). Obtained from {@code Tensor.metadata()}.
 *
 * @param name user-visible name ({@code group/name} inside a group)
 * @param key storage key (folder); differs from the name after a rename
 * @param htype base htype ({@link Htype#GENERIC} when unset)
 * @param displayHtype the htype as Python reports it, e.g. {@code sequence[image]}, {@code
 *     link[image]}
 * @param dtypeName the stored dtype: a numpy name, {@code str}, a typing string of json/list
 *     tensors, or null when unset
 * @param dtype the numeric dtype, or null for text/json/list tensors or an unset dtype
 * @param sampleCompression the per-sample codec (Python's aliases applied: {@code jpg} reads as
 *     {@code jpeg}), or null
 * @param chunkCompression the whole-chunk codec (aliases applied), or null
 * @param maxChunkSize the effective max chunk size in bytes (the stored value, or Python's default)
 * @param tilingThreshold the effective tiling threshold in bytes (stored or default; -1: never
 *     tile)
 * @param classNames class names of a class_label (or segment_mask) tensor; empty when none
 * @param minShape per-dimension minimum sample shape
 * @param maxShape per-dimension maximum sample shape
 * @param hidden a hidden companion tensor
 * @param sequence a {@code sequence[...]} tensor (rows are sequences of items)
 * @param link a {@code link[...]} tensor (samples are paths of linked files)
 * @param length number of rows (sequences for a sequence tensor, else items)
 * @param numItems number of stored items (flattened sequence items)
 * @param numChunks number of chunk rows in the chunk index (tile chunks counted)
 */
public record TensorMetadata(
    String name,
    String key,
    Htype htype,
    String displayHtype,
    String dtypeName,
    Dtype dtype,
    String sampleCompression,
    String chunkCompression,
    long maxChunkSize,
    long tilingThreshold,
    List<String> classNames,
    long[] minShape,
    long[] maxShape,
    boolean hidden,
    boolean sequence,
    boolean link,
    long length,
    long numItems,
    int numChunks) {

  public TensorMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(htype, "htype");
    classNames = List.copyOf(classNames);
    minShape = minShape.clone();
    maxShape = maxShape.clone();
  }

  @Override
  public long[] minShape() {
    return minShape.clone();
  }

  @Override
  public long[] maxShape() {
    return maxShape.clone();
  }

  /**
   * Whether samples are stored as compressed files (a sample compression other than the byte codec
   * lz4): a sample's stored bytes are a whole file.
   */
  public boolean hasFileSamples() {
    return sampleCompression != null && !Compression.isByteCodec(sampleCompression);
  }

  /**
   * Whether chunks are compressed with a file codec (each chunk one canvas of its samples' pixels),
   * so a sample has no stored blob of its own.
   */
  public boolean hasImageChunks() {
    return chunkCompression != null && !Compression.isByteCodec(chunkCompression);
  }

  /** Number of dimensions of the stored samples (of items, for a sequence tensor). */
  public int ndim() {
    return maxShape.length;
  }

  /** Whether every stored sample has the same shape. */
  public boolean isFixedShape() {
    return Arrays.equals(minShape, maxShape);
  }

  /** Whether every sample holds one element: shape {@code ()} or {@code (1,)}. */
  public boolean isScalar() {
    if (maxShape.length == 0) {
      return minShape.length == 0;
    }
    return minShape.length == 1 && maxShape.length == 1 && minShape[0] == 1 && maxShape[0] == 1;
  }

  /** Whether the tensor is a {@code sequence[...]}. Same as {@link #sequence()}. */
  public boolean isSequence() {
    return sequence;
  }

  /** Whether the tensor is a {@code link[...]}. Same as {@link #link()}. */
  public boolean isLink() {
    return link;
  }

  /** Whether the tensor is hidden. Same as {@link #hidden()}. */
  public boolean isHidden() {
    return hidden;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorMetadata m
        && name.equals(m.name)
        && Objects.equals(key, m.key)
        && htype == m.htype
        && Objects.equals(displayHtype, m.displayHtype)
        && Objects.equals(dtypeName, m.dtypeName)
        && dtype == m.dtype
        && Objects.equals(sampleCompression, m.sampleCompression)
        && Objects.equals(chunkCompression, m.chunkCompression)
        && maxChunkSize == m.maxChunkSize
        && tilingThreshold == m.tilingThreshold
        && classNames.equals(m.classNames)
        && Arrays.equals(minShape, m.minShape)
        && Arrays.equals(maxShape, m.maxShape)
        && hidden == m.hidden
        && sequence == m.sequence
        && link == m.link
        && length == m.length
        && numItems == m.numItems
        && numChunks == m.numChunks;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        key,
        htype,
        dtypeName,
        sampleCompression,
        chunkCompression,
        Arrays.hashCode(minShape),
        Arrays.hashCode(maxShape),
        length,
        numChunks);
  }

  @Override
  public String toString() {
    return "TensorMetadata[name="
        + name
        + ", htype="
        + displayHtype
        + ", dtype="
        + dtypeName
        + ", sampleCompression="
        + sampleCompression
        + ", chunkCompression="
        + chunkCompression
        + ", minShape="
        + Arrays.toString(minShape)
        + ", maxShape="
        + Arrays.toString(maxShape)
        + ", length="
        + length
        + ", numChunks="
        + numChunks
        + "]";
  }
}
