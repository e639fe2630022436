package org.deeplake4j.engine.storage;

import org.deeplake4j.engine.errors.DeepLakeException;

/** An I/O failure of a storage backend (disk error, network error, injected fault). */
public class StorageException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
