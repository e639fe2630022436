package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.write.SampleSource;
import org.deeplake4j.engine.internal.write.VersionSource;
import org.deeplake4j.engine.types.NdArray;

/**
 * The write side's reads ({@link VersionSource}, {@link SampleSource}) over the public handles: a
 * dataset's tensors as its {@link Tensor}s read them. A bridge until the read layer offers readers
 * of its own; closing closes the dataset.
 */
final class HandleReads implements VersionSource {
  private final Dataset dataset;

  HandleReads(Dataset dataset) {
    this.dataset = dataset;
  }

  @Override
  public List<String> tensorNames(boolean includeHidden) {
    return dataset.tensorNames(includeHidden);
  }

  @Override
  public boolean hasTensor(String name) {
    return dataset.hasTensor(name);
  }

  @Override
  public SampleSource tensor(String name) {
    return new Samples(dataset.tensor(name));
  }

  @Override
  public JsonNode info() {
    return dataset.info();
  }

  @Override
  public void close() {
    dataset.close();
  }

  /** One tensor's samples through its handle. */
  private record Samples(Tensor t) implements SampleSource {
    @Override
    public String name() {
      return t.name();
    }

    @Override
    public String key() {
      return t.key();
    }

    @Override
    public TensorMeta meta() {
      return t.meta();
    }

    @Override
    public long length() {
      return t.length();
    }

    @Override
    public long numItems() {
      return t.numItems();
    }

    @Override
    public List<String> classNames() {
      return t.classNames();
    }

    @Override
    public String baseHtype() {
      return t.baseHtype();
    }

    @Override
    public boolean isSequence() {
      return t.isSequence();
    }

    @Override
    public boolean isLink() {
      return t.isLink();
    }

    @Override
    public long[] sequenceRange(long row) {
      return t.sequenceRange(row);
    }

    @Override
    public NdArray numpy(long row) {
      return t.numpy(row);
    }

    @Override
    public long[] itemShape(long item) {
      return t.itemShape(item);
    }

    @Override
    public String itemText(long item) {
      return t.itemText(item);
    }

    @Override
    public JsonNode itemJson(long item) {
      return t.itemJson(item);
    }

    @Override
    public NdArray itemNumpy(long item) {
      return t.itemNumpy(item);
    }

    @Override
    public byte[] itemBytes(long item) {
      return t.itemBytes(item);
    }

    @Override
    public ChunkIdEncoder chunkIdEncoder() {
      return t.chunkIdEncoder();
    }

    @Override
    public String itemLinkPath(long item) {
      return t.itemLinkPath(item);
    }

    @Override
    public Optional<String> itemCredsKey(long item) {
      return t.itemCredsKey(item);
    }

    @Override
    public long readRange(long start, long end, ByteBuffer dst) {
      return t.readRange(start, end, dst);
    }
  }
}
