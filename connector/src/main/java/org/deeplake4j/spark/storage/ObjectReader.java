package org.deeplake4j.spark.storage;

import java.io.IOException;
import java.util.Optional;
import org.deeplake4j.engine.storage.ObjectMetadata;

/**
 * Single-request reads of one store, where its file system would need more requests (S3A opens a
 * file with a HEAD before its GET, and probes a missing path with a HEAD and a LIST). Absent
 * objects are {@link java.io.FileNotFoundException}s or empty results. Thread-safe.
 */
interface ObjectReader {
  /** The whole object. */
  byte[] get(String object) throws IOException;

  /** Bytes {@code [offset, offset + length)}, fewer at the end, none past it; length > 0. */
  byte[] getRange(String object, long offset, int length) throws IOException;

  /** Size, ETag and modification time, or empty if absent. */
  Optional<ObjectMetadata> metadata(String object) throws IOException;

  /** Deletes the object; absent is not an error. */
  void delete(String object) throws IOException;
}
