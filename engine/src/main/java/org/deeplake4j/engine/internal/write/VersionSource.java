package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.ReadContext;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.Storage;

/**
 * The tensors of one {@link DatasetCore}'s version as the write side reads them (merge, saved
 * views, the commit's integrity check): {@link TensorReader}s of the read layer, seeing the changes
 * the core staged. As the public tensor handles do, a read after a change flushes the staged writes
 * first (a writable core) and reads the new state; readers are kept until the core's {@link
 * DatasetCore#generation() generation} moves. One per core ({@link DatasetCore#reads()}).
 */
public final class VersionSource {
  private final DatasetCore core;
  private final ReadContext context;
  private final Map<String, TensorReader> readers = new ConcurrentHashMap<>();
  private long generation = -1;

  VersionSource(DatasetCore core) {
    this.core = core;
    this.context = new Context(core);
  }

  /** What the readers need from the core: its storage, linked credentials and linked files. */
  private record Context(DatasetCore core) implements ReadContext {
    @Override
    public Storage storage() {
      return core.storage();
    }

    @Override
    public String credsKey(long index) {
      return core.creds().credsKey(index);
    }

    @Override
    public byte[] readLink(String link, Optional<String> credsKey) {
      return core.creds().readLink(link, credsKey);
    }
  }

  /** Visible tensor names in dataset_meta order, optionally with hidden companions. */
  public List<String> tensorNames(boolean includeHidden) {
    return core.tensorNames(includeHidden);
  }

  /** Whether a tensor with this name exists (as last flushed). */
  public boolean hasTensor(String name) {
    return core.meta().tensorNames().containsKey(name);
  }

  /**
   * The reader of tensor {@code name} (a group tensor is {@code group/name}) as of the core's
   * latest changes, flushing staged writes first.
   *
   * @throws org.deeplake4j.engine.errors.NotFoundException if there is none
   */
  public synchronized TensorReader tensor(String name) {
    String key = core.tensorKey(name);
    if (!core.storage().isReadOnly()) {
      core.writer().flushIfDirty(); // a reader made now must see writes staged before
    }
    long g = core.generation();
    if (g != generation) {
      readers.clear();
      generation = g;
    }
    return readers.computeIfAbsent(name, n -> load(n, key));
  }

  private TensorReader load(String name, String key) {
    String node = core.node().id();
    String metaKey = VersionKeys.at(node, Layout.tensorMeta(key));
    TensorMeta tm = TensorMeta.parse(core.storage().get(metaKey), metaKey);
    String infoKey = VersionKeys.at(node, Layout.tensorInfo(key));
    JsonNode ti =
        core.storage()
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(JsonNodeFactory.instance.objectNode());
    return new TensorReader(context, name, key, tm, ti, core.cache(), core.chain());
  }

  /** Dataset info (a copy). */
  public JsonNode info() {
    return core.info().deepCopy();
  }
}
