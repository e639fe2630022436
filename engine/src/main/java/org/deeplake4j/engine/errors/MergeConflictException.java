package org.deeplake4j.engine.errors;

/**
 * A merge found samples changed on both sides and was asked to fail on conflicts. Nothing was
 * written. The message lists the tensors and indices.
 */
public class MergeConflictException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public MergeConflictException(String message) {
    super(message);
  }
}
