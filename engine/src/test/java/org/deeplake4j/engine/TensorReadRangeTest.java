package org.deeplake4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Htypes;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.SpecDatasetWriter;
import org.deeplake4j.engine.testing.SpecDatasetWriter.TensorData;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Tensor#readRange} equals the per-sample path on every numeric fixture tensor. */
class TensorReadRangeTest {

  static Stream<Path> fixtureCases() {
    return Fixtures.cases().stream();
  }

  /** Row ranges: everything, each single row, and ranges that cross chunk boundaries. */
  private static List<long[]> ranges(Tensor t) {
    long n = t.length();
    List<long[]> out = new ArrayList<>();
    out.add(new long[] {0, n});
    out.add(new long[] {0, 0});
    out.add(new long[] {n, n});
    for (long i = 0; i < n; i++) {
      out.add(new long[] {i, i + 1});
    }
    for (long a = 0; a < n; a += Math.max(1, n / 7)) {
      out.add(new long[] {a, Math.min(n, a + 1 + n / 3)});
      out.add(new long[] {a, n});
    }
    return out;
  }

  private static List<NdArray> perSample(Tensor t, long start, long end) {
    List<NdArray> out = new ArrayList<>();
    for (long r = start; r < end; r++) {
      if (t.isSequence()) {
        long[] items = t.sequenceRange(r);
        for (long i = items[0]; i < items[1]; i++) {
          out.add(t.itemNumpy(i));
        }
      } else {
        out.add(t.numpy(r));
      }
    }
    return out;
  }

  /**
   * Checks every range twice: on {@code t}, whose chunks the per-sample reads have cached, and on a
   * tensor of a freshly opened handle, where readRange streams whole chunks from storage.
   */
  private static void check(Tensor t, Supplier<Dataset> fresh) {
    for (long[] r : ranges(t)) {
      check(t, r);
      if (r[1] - r[0] == 1 && t.length() > 40) {
        continue; // keeps the test quick; multi-row ranges cover the streamed chunks
      }
      try (Dataset ds = fresh.get()) {
        checkStored(ds.tensor(t.name()), t, r);
        check(ds.tensor(t.name()), r);
      }
    }
  }

  /**
   * {@link Tensor#readStoredRange} on an uncached handle (byte-range reads of uncompressed chunks)
   * equals {@link Tensor#readRange} on another, into heap and direct buffers.
   */
  private static final ByteBuffer SIZE_PROBE = ByteBuffer.allocate(1 << 24);

  private static void checkStored(Tensor fresh, Tensor other, long[] r) {
    String what = fresh.name() + " stored rows " + Arrays.toString(r);
    SIZE_PROBE.clear();
    int cap = Math.toIntExact(other.readRange(r[0], r[1], SIZE_PROBE));
    ByteBuffer want = ByteBuffer.allocate(cap);
    other.readRange(r[0], r[1], want);
    want.flip();
    // Two halves first (each part of a chunk fetched by range), then the whole range.
    long mid = (r[0] + r[1]) / 2;
    ByteBuffer direct = ByteBuffer.allocateDirect(cap + 2);
    direct.position(2);
    fresh.readStoredRange(r[0], mid, direct);
    fresh.readStoredRange(mid, r[1], direct);
    assertThat(direct.position()).as(what).isEqualTo(cap + 2);
    direct.flip().position(2);
    assertThat(direct).as(what).isEqualTo(want);
    ByteBuffer heap = ByteBuffer.allocate(cap);
    assertThat(fresh.readStoredRange(r[0], r[1], heap)).as(what).isEqualTo(cap);
    heap.flip();
    assertThat(heap).as(what).isEqualTo(want);
  }

  private static void check(Tensor t, long[] r) {
    {
      List<NdArray> expected = perSample(t, r[0], r[1]);
      int n = expected.stream().mapToInt(NdArray::size).sum();
      float[] wantF = new float[n + 3];
      int[] wantI = new int[n + 3];
      ByteBuffer wantB =
          ByteBuffer.allocate(expected.stream().mapToInt(a -> a.buffer().remaining()).sum());
      int p = 3;
      for (NdArray a : expected) {
        a.copyTo(wantF, p);
        a.copyTo(wantI, p);
        wantB.put(a.buffer());
        p += a.size();
      }
      String what = t.name() + " rows " + Arrays.toString(r);

      float[] gotF = new float[n + 3];
      assertThat(t.readRange(r[0], r[1], gotF, 3)).as(what).isEqualTo(n);
      assertThat(Arrays.equals(gotF, wantF)).as(what).isTrue();

      int[] gotI = new int[n + 3];
      assertThat(t.readRange(r[0], r[1], gotI, 3)).as(what).isEqualTo(n);
      assertThat(gotI).as(what).isEqualTo(wantI);

      wantB.flip();
      for (ByteBuffer got :
          List.of(
              ByteBuffer.allocate(wantB.capacity() + 5),
              ByteBuffer.allocateDirect(wantB.capacity() + 5))) {
        got.position(5);
        assertThat(t.readRange(r[0], r[1], got)).as(what).isEqualTo(wantB.capacity());
        assertThat(got.position()).as(what).isEqualTo(wantB.capacity() + 5);
        got.flip().position(5);
        assertThat(got).as(what).isEqualTo(wantB);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("fixtureCases")
  void equalsPerSampleOnFixtures(Path fixture) {
    int checked = 0;
    try (Dataset ds = Dataset.open(fixture.resolve("dataset").toString())) {
      for (String name : ds.tensorNames(true)) {
        Tensor t = ds.tensor(name);
        if (Htypes.isTextLike(t.baseHtype()) || t.isLink() || t.dtype() == null) {
          continue;
        }
        check(t, () -> Dataset.open(fixture.resolve("dataset").toString()));
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  private static Dataset generated(MemoryStorage s) {
    SpecDatasetWriter w = new SpecDatasetWriter(s, 7);
    float[] f = SpecDatasetWriter.quantisedNormal(5 * 1000 * 12, 1);
    w.writeTensor(
        new TensorData(
            "f32",
            "generic",
            "float32",
            null,
            SpecDatasetWriter.fixedFloat32(f, new long[] {3, 4}, 1000)));
    w.writeTensor(
        new TensorData(
            "f32lz4",
            "generic",
            "float32",
            "lz4",
            SpecDatasetWriter.fixedFloat32(f, new long[] {12}, 777)));
    int[][] dyn = SpecDatasetWriter.randomInt32(3000, 64, 2);
    dyn[0] = new int[0];
    dyn[1500] = new int[0];
    w.writeTensor(
        new TensorData("dyn", "generic", "int32", null, SpecDatasetWriter.int32Samples(dyn, 700)));
    w.writeTensor(
        new TensorData(
            "dynlz4", "generic", "int32", "lz4", SpecDatasetWriter.int32Samples(dyn, 1100)));
    w.finish();
    return Dataset.open(s, OpenOptions.defaults());
  }

  @Test
  void equalsPerSampleOnGeneratedMultiChunkTensors() {
    MemoryStorage s = new MemoryStorage("gen");
    try (Dataset ds = generated(s)) {
      assertThat(ds.tensor("f32").numChunks()).isEqualTo(5);
      assertThat(ds.tensor("dyn").numChunks()).isEqualTo(5);
      for (String name : List.of("f32", "f32lz4", "dyn", "dynlz4")) {
        check(ds.tensor(name), () -> Dataset.open(s, OpenOptions.defaults()));
      }
      float[] all = new float[5 * 1000 * 12];
      ds.tensor("f32").readRange(0, 5000, all, 0);
      assertThat(all).isEqualTo(SpecDatasetWriter.quantisedNormal(all.length, 1));
    }
  }

  /**
   * Counts gets and range gets (header probes) of chunk files, not readInto. Closing it does not
   * close the delegate.
   */
  private static final class CountingStorage extends ForwardingStorage {
    int chunkGets;

    CountingStorage(Storage d) {
      super(d);
    }

    private void count(String key) {
      if (key.contains("/chunks/")) {
        chunkGets++;
      }
    }

    @Override
    public byte[] get(String key) {
      count(key);
      return super.get(key);
    }

    @Override
    public Optional<byte[]> getIfExists(String key) {
      count(key);
      return super.getIfExists(key);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
      count(key);
      return super.getRange(key, offset, length);
    }

    @Override
    public Optional<java.nio.file.Path> localRoot() {
      return Optional.empty();
    }

    @Override
    public void close() {}
  }

  @Test
  void wholeChunksStreamWithoutCachingAndPartialRangesUseTheCache() {
    MemoryStorage mem = new MemoryStorage("gen");
    generated(mem).close();
    CountingStorage s = new CountingStorage(mem);
    for (String name : List.of("f32", "f32lz4")) {
      try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
        Tensor t = ds.tensor(name);
        int chunks = t.numChunks();
        float[] dst = new float[5000 * 12];
        s.chunkGets = 0;
        t.readRange(0, 5000, dst, 0);
        assertThat(s.chunkGets).as(name).isEqualTo(chunks);
        t.readRange(0, 5000, ByteBuffer.allocateDirect(5000 * 48));
        assertThat(s.chunkGets)
            .as("%s: streamed chunks are not cached", name)
            .isEqualTo(2 * chunks);
        s.chunkGets = 0;
        for (int i = 0; i < 5000; i += 100) {
          t.readRange(i, i + 100, dst, i * 12);
        }
        assertThat(s.chunkGets).as("%s: batches read each chunk once", name).isEqualTo(chunks);
        assertThat(dst).isEqualTo(SpecDatasetWriter.quantisedNormal(dst.length, 1));
        s.chunkGets = 0;
        t.readRange(0, 5000, dst, 0);
        assertThat(s.chunkGets).as("%s: cached chunks are not fetched again", name).isZero();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void largeChunksStreamStraightIntoTheDestination(String kind, @TempDir Path dir) {
    Storage s = kind.equals("memory") ? new MemoryStorage("big") : new LocalStorage(dir);
    SpecDatasetWriter w = new SpecDatasetWriter(s, 9);
    // 2 MiB per chunk: past the 64 KiB header probe and LocalStorage's memory-map threshold.
    float[] f = SpecDatasetWriter.uniform(3 * 4096 * 128, 5);
    w.writeTensor(
        new TensorData(
            "f",
            "generic",
            "float32",
            null,
            SpecDatasetWriter.fixedFloat32(f, new long[] {128}, 4096)));
    float[] q = SpecDatasetWriter.quantisedNormal(3 * 4096 * 128, 8);
    w.writeTensor(
        new TensorData(
            "z",
            "generic",
            "float32",
            "lz4",
            SpecDatasetWriter.fixedFloat32(q, new long[] {128}, 4096)));
    // 6000 samples of distinct sizes per chunk: a 120 KB header, longer than the probe.
    int[][] dyn = SpecDatasetWriter.randomInt32(12000, 64, 6);
    w.writeTensor(
        new TensorData("d", "generic", "int32", null, SpecDatasetWriter.int32Samples(dyn, 6000)));
    w.finish();
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      float[] got = new float[f.length];
      assertThat(ds.tensor("f").readRange(0, 3 * 4096, got, 0)).isEqualTo(f.length);
      assertThat(got).isEqualTo(f);
    }
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 * f.length + 8).order(ByteOrder.LITTLE_ENDIAN);
      b.position(8);
      assertThat(ds.tensor("f").readRange(0, 3 * 4096, b)).isEqualTo(4L * f.length);
      float[] got = new float[f.length];
      b.position(8);
      b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(got);
      assertThat(got).isEqualTo(f);
    }
    for (int round = 0; round < 2; round++) {
      try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
        float[] got = new float[q.length];
        assertThat(ds.tensor("z").readRange(0, 3 * 4096, got, 0)).isEqualTo(q.length);
        assertThat(got).isEqualTo(q);
        ByteBuffer b = ByteBuffer.allocateDirect(4 * q.length).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ds.tensor("z").readRange(0, 3 * 4096, b)).isEqualTo(4L * q.length);
        b.flip().asFloatBuffer().get(got);
        assertThat(got).isEqualTo(q);
      }
    }
    int[] want = Arrays.stream(dyn).flatMapToInt(Arrays::stream).toArray();
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      int[] got = new int[want.length];
      assertThat(ds.tensor("d").readRange(0, 12000, got, 0)).isEqualTo(want.length);
      assertThat(got).isEqualTo(want);
    }
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      check(ds.tensor("d"), new long[] {0, 12000});
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "local"})
  void truncatedChunksFailLikeThePerSamplePath(String kind, @TempDir Path dir) {
    Storage s = kind.equals("memory") ? new MemoryStorage("cut") : new LocalStorage(dir);
    SpecDatasetWriter w = new SpecDatasetWriter(s, 10);
    float[] f = SpecDatasetWriter.uniform(2 * 4096 * 128, 5);
    List<String> keys =
        w.writeTensor(
            new TensorData(
                "f",
                "generic",
                "float32",
                null,
                SpecDatasetWriter.fixedFloat32(f, new long[] {128}, 4096)));
    List<String> zkeys =
        w.writeTensor(
            new TensorData(
                "z",
                "generic",
                "float32",
                "lz4",
                SpecDatasetWriter.fixedFloat32(f, new long[] {128}, 4096)));
    w.finish();
    byte[] chunk = s.get(keys.get(1));
    s.put(keys.get(1), Arrays.copyOf(chunk, chunk.length - 100));
    chunk = s.get(zkeys.get(1));
    s.put(zkeys.get(1), Arrays.copyOf(chunk, chunk.length - 100));
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      assertThatThrownBy(() -> ds.tensor("z").readRange(0, 8192, new float[f.length], 0))
          .isInstanceOf(CorruptDataException.class)
          .hasMessageContaining(zkeys.get(1));
    }
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      assertThatThrownBy(() -> ds.tensor("z").readRange(0, 8192, ByteBuffer.allocate(4 * f.length)))
          .isInstanceOf(CorruptDataException.class)
          .hasMessageContaining(zkeys.get(1));
    }
    try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
      assertThatThrownBy(() -> ds.tensor("f").numpy(8191)).isInstanceOf(CorruptDataException.class);
    }
    for (int dst = 0; dst < 2; dst++) {
      try (Dataset ds = Dataset.open(s, OpenOptions.defaults())) {
        Tensor t = ds.tensor("f");
        if (dst == 0) {
          assertThatThrownBy(() -> t.readRange(0, 8192, new float[f.length], 0))
              .isInstanceOf(CorruptDataException.class)
              .hasMessageContaining(keys.get(1));
        } else {
          assertThatThrownBy(() -> t.readRange(0, 8192, ByteBuffer.allocateDirect(4 * f.length)))
              .isInstanceOf(CorruptDataException.class)
              .hasMessageContaining(keys.get(1));
        }
      }
    }
  }

  @Test
  void directBufferViewsAsLittleEndianFloats() {
    try (Dataset ds = generated(new MemoryStorage("gen"))) {
      Tensor t = ds.tensor("f32lz4");
      ByteBuffer b = ByteBuffer.allocateDirect(5000 * 12 * 4);
      assertThat(t.readRange(0, 5000, b)).isEqualTo(5000 * 12 * 4);
      float[] got = new float[5000 * 12];
      b.flip().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(got);
      assertThat(got).isEqualTo(SpecDatasetWriter.quantisedNormal(got.length, 1));
    }
  }

  @Test
  void rejectsBadRangesSmallDestinationsAndText() {
    try (Dataset ds = generated(new MemoryStorage("gen"))) {
      Tensor t = ds.tensor("f32");
      assertThatThrownBy(() -> t.readRange(-1, 2, new float[100], 0))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("rows [-1, 2)");
      assertThatThrownBy(() -> t.readRange(3, 2, new float[100], 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.readRange(0, 5001, new float[100_000], 0))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("length 5000");
      assertThatThrownBy(() -> t.readRange(0, 10, new float[119], 0))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("room for 119 elements");
      assertThatThrownBy(() -> t.readRange(0, 10, new float[120], 1))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.readRange(0, 10, new float[120], 121))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> t.readRange(0, 10, ByteBuffer.allocate(479)))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(t.readRange(0, 10, new float[120], 0)).isEqualTo(120);
    }
    try (Dataset ds =
        Dataset.open(Fixtures.v3Fixtures().resolve("text_json_list/dataset").toString())) {
      assertThatThrownBy(() -> ds.tensor("text").readRange(0, 1, new float[10], 0))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("use text()");
    }
  }

  @Test
  void specWriterMatchesTheWorkedExamples() {
    // §3.3.3: uint8 samples [0,1], [2,3], [4,5] in one uncompressed chunk, 45 bytes.
    byte[] chunk =
        SpecDatasetWriter.chunk(
            new SpecDatasetWriter.ChunkData(
                new long[][] {{2}, {2}, {2}}, new int[] {2, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5}),
            false);
    assertThat(hex(chunk))
        .isEqualTo(
            "06332e392e3532"
                + "0100000002000000"
                + "0200000002000000"
                + "01000000"
                + "020000000000000002000000"
                + "000102030405");
    // §3.3.4: int16 [1,2], None, [3].
    chunk =
        SpecDatasetWriter.chunk(
            new SpecDatasetWriter.ChunkData(
                new long[][] {{2}, {0}, {1}}, new int[] {4, 0, 2}, new byte[] {1, 0, 2, 0, 3, 0}),
            false);
    assertThat(hex(chunk))
        .isEqualTo(
            "06332e392e3532"
                + "0300000002000000"
                + "0200000000000000"
                + "0000000001000000"
                + "0100000002000000"
                + "03000000"
                + "040000000000000000000000"
                + "000000000400000001000000"
                + "020000000400000002000000"
                + "010002000300");
    // §3.3.7: the lz4 chunk's header and size prefix (the block encoding may differ).
    byte[] ints = new byte[32];
    for (int i = 0; i < 8; i++) {
      ints[4 * i] = (byte) i;
    }
    chunk =
        SpecDatasetWriter.chunk(
            new SpecDatasetWriter.ChunkData(new long[][] {{4}, {4}}, new int[] {16, 16}, ints),
            true);
    assertThat(hex(chunk))
        .startsWith(
            "06332e392e3532"
                + "010000000200000004000000010000000100000010000000000000000100000020000000");
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
