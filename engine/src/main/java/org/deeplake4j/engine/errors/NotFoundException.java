package org.deeplake4j.engine.errors;

/** Something named by the caller does not exist: a dataset, a ref, a tensor, a storage key. */
public class NotFoundException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
