package org.deeplake4j.engine.internal.write;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.format.TensorMetaBuilder;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;

/**
 * The engine side of a fragment writer (docs/commit-protocol.md §7): an in-memory dataset with the
 * transaction's schema and no rows, written through the ordinary write path ({@link DatasetCore},
 * {@link TensorWriter}: validation, htypes, compression, tiling, sequences, links, sample ids),
 * whose chunks go to the dataset's storage under the transaction's staging folder ({@code
 * versions/<staging>/<tensor>/chunks/<fresh id>}) and whose metadata (tensor metas, encoders) stays
 * in memory. {@link #finish} detaches what was appended as one {@link AppendedPart} per tensor. The
 * dataset's own metadata is never read, written or locked. Not thread-safe: one writer thread.
 */
public final class FragmentSink implements AutoCloseable {
  private final Storage dataset;
  private final String staging;
  private final Overlay overlay;
  private final DatasetCore core;

  private FragmentSink(Storage dataset, String staging, Overlay overlay, DatasetCore core) {
    this.dataset = dataset;
    this.staging = staging;
    this.overlay = overlay;
    this.core = core;
  }

  /**
   * Opens a sink over {@code dataset} (not closed by the sink) for a transaction staging under
   * {@code staging}, with the schema's {@code dataset_meta.json} and each tensor's {@code
   * tensor_meta.json} and {@code tensor_info.json} (tensor key to bytes; info optional).
   */
  public static FragmentSink open(
      Storage dataset,
      String staging,
      byte[] datasetMeta,
      Map<String, byte[]> tensorMetas,
      Map<String, byte[]> tensorInfos,
      CoreOptions options) {
    MemoryStorage mem = new MemoryStorage("fragment:" + dataset.root());
    mem.put(Layout.DATASET_META, datasetMeta);
    for (Map.Entry<String, byte[]> e : tensorMetas.entrySet()) {
      String metaKey = Layout.tensorMeta(e.getKey());
      TensorMetaBuilder m = TensorMeta.parse(e.getValue(), metaKey).toBuilder();
      m.setLength(0);
      m.setShapes(new long[0], new long[0]);
      mem.put(metaKey, m.toBytes());
      byte[] info = tensorInfos.get(e.getKey());
      if (info != null) {
        mem.put(Layout.tensorInfo(e.getKey()), info);
      }
    }
    mem.put(VersionGraph.VERSION_INFO_KEY, VersionGraph.initial().toJsonBytes());
    Overlay o = new Overlay(mem, dataset, staging, tensorMetas.keySet());
    DatasetCore core = Lifecycle.openUnshared(o, options, "main"); // nobody else sees `mem`
    return new FragmentSink(dataset, staging, o, core);
  }

  /** The in-memory dataset the rows are written to (a root HEAD, written in place). */
  public DatasetCore core() {
    return core;
  }

  /**
   * Writes the chunks that are full to the staging folder, so that the sink holds one open chunk
   * per tensor, not the fragment (called after every append).
   */
  public void writeFullChunks() {
    for (TensorWriter w : core.writers.values()) {
      w.writeFullChunks();
    }
  }

  /**
   * Writes the last chunks and returns what each tensor received (tensors without items are left
   * out). The sink cannot be written after.
   */
  public Map<String, AppendedPart> finish() {
    for (TensorWriter w : core.writers.values()) {
      w.closeChunk(); // no more appends: each last chunk is released (no copy when it is full)
    }
    core.writer.flushLocal();
    Map<String, AppendedPart> parts = new LinkedHashMap<>();
    for (String key : core.meta.tensors()) {
      TensorWriter w = core.writers.get(key);
      if (w == null || !w.sessionChanged()) {
        continue;
      }
      long bytes = 0;
      String prefix = key + "/" + Layout.CHUNKS + "/";
      for (Map.Entry<String, Long> c : overlay.written.entrySet()) {
        if (c.getKey().startsWith(prefix) && c.getKey().indexOf('/', prefix.length()) < 0) {
          bytes += c.getValue();
        }
      }
      parts.put(key, w.appendedPart(staging, bytes));
    }
    return parts;
  }

  /** Keys (in the dataset's storage) of every chunk this sink wrote. */
  public List<String> writtenKeys() {
    List<String> out = new ArrayList<>();
    for (String k : overlay.written.keySet()) {
      out.add(overlay.real(k));
    }
    return out;
  }

  /** Deletes every chunk this sink wrote (a failed or abandoned fragment). */
  public void abort() {
    for (String k : writtenKeys()) {
      dataset.delete(k);
    }
    overlay.written.clear();
  }

  @Override
  public void close() {
    core.close();
  }

  /**
   * Chunk keys of the schema's tensors go to the dataset's storage under the staging folder;
   * everything else stays in memory.
   */
  private static final class Overlay implements Storage {
    private final MemoryStorage mem;
    private final Storage real;
    private final String staging;
    private final Set<String> tensorKeys;
    final Map<String, Long> written = new ConcurrentHashMap<>();

    Overlay(MemoryStorage mem, Storage real, String staging, Set<String> tensorKeys) {
      this.mem = mem;
      this.real = real;
      this.staging = staging;
      this.tensorKeys = Set.copyOf(tensorKeys);
    }

    private boolean isChunk(String key) {
      String marker = "/" + Layout.CHUNKS + "/";
      int i = key.lastIndexOf(marker);
      return i > 0
          && key.indexOf('/', i + marker.length()) < 0
          && tensorKeys.contains(key.substring(0, i));
    }

    String real(String key) {
      return Layout.VERSIONS_FOLDER + staging + "/" + key;
    }

    private Storage target(String key) {
      return isChunk(key) ? real : mem;
    }

    private String map(String key) {
      return isChunk(key) ? real(key) : key;
    }

    @Override
    public String root() {
      return mem.root();
    }

    @Override
    public byte[] get(String key) {
      return target(key).get(map(key));
    }

    @Override
    public Optional<byte[]> getIfExists(String key) {
      return target(key).getIfExists(map(key));
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
      return target(key).getRange(map(key), offset, length);
    }

    @Override
    public int readInto(String key, long offset, ByteBuffer dst) {
      return target(key).readInto(map(key), offset, dst);
    }

    @Override
    public ByteBuffer readMapped(String key) {
      return target(key).readMapped(map(key));
    }

    @Override
    public void put(String key, byte[] data) {
      target(key).put(map(key), data);
      if (isChunk(key)) {
        written.put(key, (long) data.length);
      }
    }

    @Override
    public void putOwned(String key, byte[] data) {
      int n = data.length; // the array is handed over: read nothing from it after
      target(key).putOwned(map(key), data);
      if (isChunk(key)) {
        written.put(key, (long) n);
      }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
      boolean ok = target(key).putIfAbsent(map(key), data);
      if (ok && isChunk(key)) {
        written.put(key, (long) data.length);
      }
      return ok;
    }

    @Override
    public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
      return target(key).putIfMatch(map(key), data, expectedVersion);
    }

    @Override
    public void delete(String key) {
      target(key).delete(map(key));
      written.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
      return mem.list(prefix);
    }

    @Override
    public boolean exists(String key) {
      return target(key).exists(map(key));
    }

    @Override
    public Optional<ObjectMetadata> metadata(String key) {
      return target(key).metadata(map(key));
    }

    @Override
    public boolean isReadOnly() {
      return false;
    }

    @Override
    public void close() {
      mem.close();
    }
  }
}
