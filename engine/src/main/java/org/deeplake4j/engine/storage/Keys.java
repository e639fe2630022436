package org.deeplake4j.engine.storage;

/** Validation of storage keys: keys are relative, '/'-separated and can never leave the root. */
public final class Keys {
  private Keys() {}

  /**
   * Returns {@code key} if it is a safe relative key, else throws {@link InvalidKeyException}. An
   * empty key is allowed only for listings (the root prefix) and is checked by the caller.
   */
  public static String check(String key) {
    if (key == null) {
      throw new InvalidKeyException("null", "key is null");
    }
    if (key.isEmpty()) {
      throw new InvalidKeyException(key, "key is empty");
    }
    if (key.startsWith("/")) {
      throw new InvalidKeyException(key, "absolute keys are not allowed");
    }
    if (key.indexOf('\\') >= 0) {
      throw new InvalidKeyException(key, "backslashes are not allowed");
    }
    if (key.indexOf('\0') >= 0) {
      throw new InvalidKeyException(key, "NUL characters are not allowed");
    }
    if (key.length() >= 2 && key.charAt(1) == ':' && Character.isLetter(key.charAt(0))) {
      throw new InvalidKeyException(key, "drive-qualified keys are not allowed");
    }
    for (String part : key.split("/", -1)) {
      if (part.equals("..")) {
        throw new InvalidKeyException(key, "'..' would escape the dataset root");
      }
      if (part.equals(".")) {
        throw new InvalidKeyException(key, "'.' segments are not allowed");
      }
    }
    return key;
  }

  /** Like {@link #check} but also accepts the empty prefix (the whole storage). */
  public static String checkPrefix(String prefix) {
    return prefix.isEmpty() ? prefix : check(prefix);
  }
}
