package org.deeplake4j.spark.storage;

import java.io.IOException;

/**
 * Single-request object writes of one store: each one replaces the whole object atomically (readers
 * see the old or the new bytes), and the conditional ones are decided by the store itself.
 * Thread-safe. Object names are relative to the bucket or container, without a leading slash.
 */
interface ObjectWriter extends AutoCloseable {
  /** Creates or replaces the object. */
  void put(String object, byte[] data) throws IOException;

  /** Creates the object only if absent ({@code If-None-Match: *}); false if it exists. */
  boolean putIfAbsent(String object, byte[] data) throws IOException;

  /**
   * Replaces the object only if its ETag is {@code etag} ({@code If-Match}); false if it differs or
   * the object is gone.
   */
  boolean putIfMatch(String object, byte[] data, String etag) throws IOException;

  /**
   * Whether {@code e}, from a read, means the object was replaced between the read's metadata
   * request and its data request (the file systems pin the ETag they saw): reading again sees the
   * new object whole.
   */
  default boolean isReplacedWhileReading(IOException e) {
    return false;
  }

  @Override
  default void close() {}
}
