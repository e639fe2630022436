package org.deeplake4j.engine.storage;

import org.deeplake4j.engine.errors.NotFoundException;

/** A storage key that was expected to exist does not. */
public class KeyNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public KeyNotFoundException(String root, String key) {
    super("missing file: " + key + " (under " + root + ")");
    this.key = key;
  }

  /** The missing key, relative to the storage root. */
  public String key() {
    return key;
  }
}
