package org.deeplake4j.engine.internal.read;

import java.util.List;

/**
 * A dataset as the layers above the read layer read it (TQL, row filters): its visible tensors by
 * name as {@link TensorReader}s, and its length. The public dataset handle provides one; every call
 * answers for the dataset's current state (a tensor reader itself is a snapshot). Thread-safety is
 * the dataset's.
 */
public interface DatasetReader {

  /** The path or URL the dataset was opened from, for messages. */
  String path();

  /** The version node being read, for messages. */
  String nodeId();

  /** Visible tensor names in dataset_meta order. */
  List<String> tensorNames();

  /** Whether a tensor with this name exists at this version (hidden ones included). */
  boolean hasTensor(String name);

  /**
   * The reader of tensor {@code name} (a group tensor is {@code group/name}).
   *
   * @throws org.deeplake4j.engine.errors.NotFoundException if there is none
   */
  TensorReader tensor(String name);

  /** The length of the shortest visible tensor (0 with none): the dataset's rows. */
  long length();
}
