package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The tensors of one dataset version, as the write side reads them (see {@link SampleSource}).
 * Reads see the changes staged by the handle they come from. Closing closes what was opened for
 * this source (a source over a caller's open handle closes that handle).
 */
public interface VersionSource extends AutoCloseable {
  /** Visible tensor names in dataset_meta order, optionally with hidden companions. */
  List<String> tensorNames(boolean includeHidden);

  /** Whether a tensor with this name exists. */
  boolean hasTensor(String name);

  /** The tensor named {@code name}. */
  SampleSource tensor(String name);

  /** Dataset info (a copy). */
  JsonNode info();

  @Override
  void close();
}
