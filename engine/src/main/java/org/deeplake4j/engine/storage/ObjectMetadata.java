package org.deeplake4j.engine.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one stored object.
 *
 * @param size length in bytes
 * @param version an opaque tag that changes whenever the object is replaced (ETag, generation,
 *     inode+mtime); the token for {@link Storage#putIfMatch}
 * @param lastModified last modification time
 */
public record ObjectMetadata(long size, String version, Instant lastModified) {
  public ObjectMetadata {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
