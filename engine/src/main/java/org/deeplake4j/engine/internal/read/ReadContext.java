package org.deeplake4j.engine.internal.read;

import java.util.Optional;
import org.deeplake4j.engine.storage.Storage;

/**
 * What a {@link TensorReader} needs from the dataset it reads, beyond the tensor's own files: the
 * dataset's storage, and for link tensors its linked credentials and a way to read linked files.
 * The dataset handle implements it; implementations are thread-safe.
 */
public interface ReadContext {

  /** The storage under the dataset root. */
  Storage storage();

  /**
   * The name of credentials number {@code index} of {@code linked_creds.json} (1-based).
   *
   * @throws org.deeplake4j.engine.errors.CorruptDataException if there is no such entry
   */
  String credsKey(long index);

  /** The bytes of the file {@code link} points at, read with the named credentials if any. */
  byte[] readLink(String link, Optional<String> credsKey);
}
