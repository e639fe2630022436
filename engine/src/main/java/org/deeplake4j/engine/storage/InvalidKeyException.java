package org.deeplake4j.engine.storage;

import org.deeplake4j.engine.errors.DeepLakeException;

/** A storage key that could escape the storage root ({@code ..}, absolute, backslashes, NUL). */
public class InvalidKeyException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  public InvalidKeyException(String key, String why) {
    super("invalid storage key '" + key + "': " + why);
  }
}
