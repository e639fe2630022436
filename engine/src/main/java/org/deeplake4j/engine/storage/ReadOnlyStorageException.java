package org.deeplake4j.engine.storage;

import org.deeplake4j.engine.errors.DeepLakeException;

/** A write was attempted through a read-only storage. */
public class ReadOnlyStorageException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyStorageException(String root, String op, String key) {
    super("storage " + root + " is read-only: cannot " + op + " " + key);
  }
}
