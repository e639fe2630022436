package org.deeplake4j.engine.storage;

/**
 * The storage refused the request for lack of valid credentials: none found, wrong or expired ones,
 * or ones without permission on the path. The message names the storage root and how to pass
 * credentials; it never contains a secret.
 */
public class StorageAccessDeniedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageAccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
