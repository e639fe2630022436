package org.deeplake4j.engine.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bulk appends of {@link ChunkBuilder} (runs of one shape, batches of items, presized chunks
 * released in place) serialize exactly the chunk that appending sample by sample serializes.
 */
class ChunkBuilderTest {
  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The reference: one {@link ChunkBuilder#add} per sample, serialized with toBytes. */
  private static byte[] oneByOne(long[] shape, byte[] all, int len, int n) {
    ChunkBuilder b = new ChunkBuilder(shape.length);
    for (int i = 0; i < n; i++) {
      b.add(shape, all, i * len, len);
    }
    return b.toBytes(null);
  }

  @Test
  void presizedChunkFilledByRunsIsReleasedInPlaceAsTheSameBytes() {
    long[] shape = {4, 2};
    int len = 32;
    int n = 100;
    byte[] all = bytes(len * n, 1);
    byte[] expected = oneByOne(shape, all, len, n);
    for (boolean whole : new boolean[] {true, false}) {
      ChunkBuilder b = ChunkBuilder.presized(shape.length, len * n, whole);
      ByteBuffer src = ByteBuffer.wrap(all).asReadOnlyBuffer();
      b.addRun(shape, src, len, 30);
      b.addRun(shape, src, len, 1);
      b.addRun(shape, src, len, 69);
      assertThat(src.remaining()).isZero();
      assertThat(b.toBytes(null)).as("toBytes, whole=%s", whole).isEqualTo(expected);
      byte[] released = b.release(null);
      assertThat(released).as("release, whole=%s", whole).isEqualTo(expected);
    }
  }

  @Test
  void partlyFilledOrMixedChunksReleaseTheSameBytesAsToBytes() {
    long[] shape = {3};
    byte[] all = bytes(12 * 50, 2);
    // Partly filled: fewer samples than the presized data.
    ChunkBuilder part = ChunkBuilder.presized(1, 12 * 50, true);
    part.addRun(shape, ByteBuffer.wrap(all), 12, 20);
    assertThat(part.release(null)).isEqualTo(oneByOne(shape, all, 12, 20));
    // Mixed sizes grow past the presized data; the header outgrows the gap.
    ChunkBuilder mixed = ChunkBuilder.presized(1, 24, false);
    ChunkBuilder ref = new ChunkBuilder(1);
    for (int i = 0; i < 40; i++) {
      int len = 1 + i % 7;
      mixed.add(new long[] {len}, all, i, len);
      ref.add(new long[] {len}, all, i, len);
    }
    assertThat(mixed.toBytes(null)).isEqualTo(ref.toBytes(null));
    assertThat(mixed.toBytes("lz4")).isEqualTo(ref.toBytes("lz4"));
    assertThat(mixed.release(null)).isEqualTo(ref.toBytes(null));
  }

  @Test
  void itemsOfVaryingSizeRepeatedItemsAndWrittenItemsMatchOneByOne() {
    byte[][] items = new byte[200][];
    ChunkBuilder ref = new ChunkBuilder(1);
    int total = 0;
    for (int i = 0; i < items.length; i++) {
      items[i] = bytes(i % 5 == 0 ? 0 : 10 + i % 13, i);
      total += items[i].length;
      ref.add(new long[] {1}, items[i], 0, items[i].length);
    }
    ChunkBuilder bulk = new ChunkBuilder(1);
    int first = 0;
    for (int i = 0; i < 77; i++) {
      first += items[i].length;
    }
    bulk.addAll(new long[] {1}, items, 0, 77, first);
    bulk.addAll(new long[] {1}, items, 77, items.length - 77, total - first);
    assertThat(bulk.toBytes(null)).isEqualTo(ref.toBytes(null));

    byte[] one = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] eight = new byte[8 * 300];
    ChunkBuilder r = new ChunkBuilder(1);
    for (int i = 0; i < 300; i++) {
      System.arraycopy(one, 0, eight, 8 * i, 8);
      r.add(new long[] {1}, one, 0, 8);
    }
    ChunkBuilder rep = new ChunkBuilder(1);
    rep.addRepeated(new long[] {1}, one, 100);
    rep.addRun(
        new long[] {1}, 8, 200, (dst, off, n) -> System.arraycopy(eight, 0, dst, off, 8 * n));
    assertThat(rep.toBytes(null)).isEqualTo(r.toBytes(null));
    assertThat(rep.release(null)).isEqualTo(r.toBytes(null));
  }

  @Test
  void emptyOfUnknownShapeThenRunsMatchOneByOne() {
    byte[] all = bytes(16 * 10, 3);
    ChunkBuilder ref = new ChunkBuilder(-1);
    ChunkBuilder bulk = new ChunkBuilder(-1);
    ref.addEmptyOfUnknownShape();
    bulk.addEmptyOfUnknownShape();
    for (int i = 0; i < 10; i++) {
      ref.add(new long[] {2, 2}, all, 16 * i, 16);
    }
    bulk.addRun(new long[] {2, 2}, ByteBuffer.wrap(all), 16, 10);
    assertThat(bulk.toBytes(null)).isEqualTo(ref.toBytes(null));
    assertThat(Arrays.equals(bulk.release(null), ref.toBytes(null))).isTrue();
  }
}
