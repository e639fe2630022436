package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.deeplake4j.engine.format.Dtype;
import org.deeplake4j.engine.format.TensorMeta;

/**
 * A {@link Tensor} restricted to the rows of a {@link DatasetView}: row {@code i} is the tensor's
 * row {@link #index index(i)}; the read methods are the tensor's. Immutable; valid while the
 * dataset is open. Thread-safe for reads.
 */
public final class TensorView {
  private final Tensor tensor;
  private final long[] indices;

  TensorView(Tensor tensor, long[] indices) {
    this.tensor = tensor;
    this.indices = indices;
  }

  /** The underlying tensor. */
  public Tensor tensor() {
    return tensor;
  }

  /** Number of rows of the view. */
  public long length() {
    return indices.length;
  }

  /** The tensor row of view row {@code i}. */
  public long index(long i) {
    if (i < 0 || i >= indices.length) {
      throw new IndexOutOfBoundsException(
          "row "
              + i
              + " of a view of tensor '"
              + tensor.name()
              + "' ("
              + indices.length
              + " rows)");
    }
    return indices[(int) i];
  }

  public String name() {
    return tensor.name();
  }

  /** See {@link Tensor#htype()}. */
  public String htype() {
    return tensor.htype();
  }

  /** See {@link Tensor#baseHtype()}. */
  public String baseHtype() {
    return tensor.baseHtype();
  }

  /** See {@link Tensor#dtype()}. */
  public Dtype dtype() {
    return tensor.dtype();
  }

  /** See {@link Tensor#meta()}. */
  public TensorMeta meta() {
    return tensor.meta();
  }

  /** See {@link Tensor#info()}. */
  public JsonNode info() {
    return tensor.info();
  }

  /** See {@link Tensor#classNames()}. */
  public List<String> classNames() {
    return tensor.classNames();
  }

  public boolean isSequence() {
    return tensor.isSequence();
  }

  public boolean isLink() {
    return tensor.isLink();
  }

  public boolean isHidden() {
    return tensor.isHidden();
  }

  /** Shape of view row {@code i}. */
  public long[] shape(long i) {
    return tensor.shape(index(i));
  }

  /** Numeric value of view row {@code i}. */
  public NdArray numpy(long i) {
    return tensor.numpy(index(i));
  }

  /** Text of view row {@code i}. */
  public String text(long i) {
    return tensor.text(index(i));
  }

  /** JSON value of view row {@code i}. */
  public JsonNode json(long i) {
    return tensor.json(index(i));
  }

  /** Stored bytes of view row {@code i}. */
  public byte[] bytes(long i) {
    return tensor.bytes(index(i));
  }

  /** Link string of view row {@code i} (link tensors). */
  public String linkPath(long i) {
    return tensor.linkPath(index(i));
  }

  /** Flat item range of view row {@code i} (sequence tensors). */
  public long[] sequenceRange(long i) {
    return tensor.sequenceRange(index(i));
  }

  @Override
  public String toString() {
    return "TensorView(" + tensor.name() + ", " + indices.length + " rows)";
  }
}
