package org.deeplake4j.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.format.Bits;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.Htypes;
import org.deeplake4j.engine.storage.KeyNotFoundException;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged copies of the real fixture datasets, one test per class of bad input. Every failure is a
 * typed {@link DeepLakeException} whose message names the storage key and the problem; nothing
 * throws an index, argument, null-pointer or out-of-memory error.
 */
class BadInputTest {
  /** Lengths that lie must be refused at once, without allocating what they declare. */
  static final Duration QUICKLY = Duration.ofSeconds(10);

  /** The single chunk of numeric_fixed's u8: 44 samples of 3x4 uint8, 43 header bytes + 528. */
  static final String U8_CHUNK = "u8/chunks/9b76024032504b20";

  /**
   * Most damage is done to the small format example 02_chunks_100_50_7 (written by deeplake 3.9.52;
   * 9 files, so copies are cheap): tensor {@code v}, uint8, 157 samples in 3 chunks. Its first
   * chunk holds samples 0-99 of shape (10,): header [version 7 bytes, shape rows 1 @7, cols 2 @11,
   * shape row (10, 99) @15, byte rows 1 @23, byte row (10, 0, 99) @27], data @39, 1000 bytes.
   */
  static final String SMALL = "02_chunks_100_50_7";

  static final String V_CHUNK = "v/chunks/f6ad7382b732468e";

  /** The chunk-id encoder of v: width 8, rows [id, 99], [id, 149], [id, 156]. */
  static final String V_IDS = "v/chunks_index/unsharded";

  static final String V_META = "v/tensor_meta.json";

  @TempDir Path tmp;

  // ------------------------------------------------------------------ helpers

  /** A new folder in the temp dir named after {@code name}. */
  Path fresh(String name) {
    Path to = tmp.resolve(name);
    for (int i = 2; Files.exists(to); i++) {
      to = tmp.resolve(name + "-" + i);
    }
    return to;
  }

  /** A writable copy of fixture {@code name}'s dataset. */
  Path copy(String name) {
    Path to = fresh(name);
    Fixtures.copyTree(Fixtures.v3Fixtures().resolve(name).resolve("dataset"), to);
    return to;
  }

  /** A writable copy of the format example {@code name} (../shared/format/...). */
  Path copyExample(String name) {
    Path to = fresh(name);
    Fixtures.copyTree(Fixtures.formatExamples().resolve(name), to);
    return to;
  }

  /** Opens the dataset at main and reads every item of one tensor. */
  static void readOne(Path ds, String tensor) {
    try (Dataset d = Dataset.open(ds.toString())) {
      readTensor(d.tensor(tensor));
    }
  }

  static byte[] read(Path ds, String key) {
    try {
      return Files.readAllBytes(ds.resolve(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path ds, String key, byte[] b) {
    try {
      // the fixtures are read-only files: replace rather than overwrite
      Files.deleteIfExists(ds.resolve(key));
      Files.write(ds.resolve(key), b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writeText(Path ds, String key, String s) {
    write(ds, key, s.getBytes(UTF_8));
  }

  static String readText(Path ds, String key) {
    return new String(read(ds, key), UTF_8);
  }

  static void delete(Path ds, String key) {
    try {
      Files.delete(ds.resolve(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The only chunk key of a tensor with one chunk. */
  static String onlyChunk(Path ds, String tensor) {
    try (Stream<Path> s = Files.list(ds.resolve(tensor).resolve("chunks"))) {
      List<Path> l = s.toList();
      assertThat(l).hasSize(1);
      return tensor + "/chunks/" + l.get(0).getFileName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the dataset at {@code ref} and reads every item of every tensor, hidden ones too. */
  static void readEverything(Path ds, String ref) {
    try (Dataset d = Dataset.open(ds.toString(), ref)) {
      for (String name : d.tensorNames(true)) {
        readTensor(d.tensor(name));
      }
    }
  }

  static void readEverything(Path ds) {
    readEverything(ds, "main");
  }

  static void readTensor(Tensor t) {
    for (long i = 0; i < t.numItems(); i++) {
      t.itemShape(i);
      if (t.isLink()) {
        t.itemLinkPath(i);
      } else if (Htypes.isTextLike(t.baseHtype())) {
        t.itemText(i);
        if (!"text".equals(t.baseHtype())) {
          t.itemJson(i);
        }
      } else if (Htypes.MEDIA.contains(t.baseHtype())) {
        t.itemBytes(i);
      } else {
        t.itemNumpy(i);
      }
    }
  }

  /** Asserts a {@link CorruptDataException} on {@code key} whose message has every fragment. */
  static void assertCorrupt(ThrowingCallable call, String key, String... fragments) {
    AbstractThrowableAssert<?, ? extends Throwable> a =
        assertThatThrownBy(call)
            .isInstanceOf(CorruptDataException.class)
            .hasMessageStartingWith(key + ": ")
            .satisfies(e -> assertThat(((CorruptDataException) e).key()).isEqualTo(key));
    for (String f : fragments) {
      a.hasMessageContaining(f);
    }
  }

  /** Same, and the failure must come quickly (no huge allocation or loop). */
  static void assertCorruptQuickly(ThrowingCallable call, String key, String... fragments) {
    assertTimeoutPreemptively(QUICKLY, () -> assertCorrupt(call, key, fragments));
  }

  static byte[] withIntLE(byte[] b, int off, int v) {
    byte[] c = b.clone();
    Bits.putIntLE(c, off, v);
    return c;
  }

  static byte[] withLongLE(byte[] b, int off, long v) {
    byte[] c = b.clone();
    Bits.putLongLE(c, off, v);
    return c;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int o = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  static byte[] versionPrefix(String v) {
    return concat(new byte[] {(byte) v.length()}, v.getBytes(UTF_8));
  }

  static byte[] longsLE(long... vs) {
    byte[] out = new byte[8 * vs.length];
    for (int i = 0; i < vs.length; i++) {
      Bits.putLongLE(out, 8 * i, vs[i]);
    }
    return out;
  }

  // ------------------------------------------------------------------ sanity

  @Test
  void undamagedCopiesReadCompletely() {
    readEverything(copyExample(SMALL));
    for (String f : List.of("numeric_fixed", "chunk_lz4", "text_json_list", "version_control")) {
      Path ds = copy(f);
      readEverything(ds);
      if (f.equals("numeric_fixed")) {
        assertThat(read(ds, U8_CHUNK)).hasSize(43 + 44 * 12);
      }
    }
  }

  // ------------------------------------------------------------------ truncated chunks

  @ParameterizedTest(name = "cut at {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0    | expects local sample 0 in this chunk, which holds 0",
        "1    | truncated: need 6 bytes for version string at offset 1, only 0 left",
        "4    | truncated: need 6 bytes for version string at offset 1, only 3 left",
        "9    | truncated: need 4 bytes for shape table row count at offset 7, only 2 left",
        "13   | truncated: need 4 bytes for shape table column count at offset 11, only 2 left",
        "20   | truncated: shape table declares 2 uint32 values at offset 15, only 5 bytes left",
        "25   | truncated: need 4 bytes for byte-position row count at offset 23, only 2 left",
        "33   | truncated: byte-position table declares 3 uint32 values at offset 27, only 6 bytes"
            + " left",
        "39   | sample 0 spans bytes [0, 10) but the data region has 0",
        "100  | sample 6 spans bytes [60, 70) but the data region has 61",
        "1038 | sample 99 spans bytes [990, 1000) but the data region has 999",
      })
  void truncatedChunk(int cut, String problem) {
    Path ds = copyExample(SMALL);
    write(ds, V_CHUNK, Arrays.copyOf(read(ds, V_CHUNK), cut));
    assertCorrupt(() -> readEverything(ds), V_CHUNK, problem);
  }

  @Test
  void truncatedChunkCompressedChunk() {
    Path ds = copy("chunk_lz4");
    String key = onlyChunk(ds, "vals");
    byte[] b = read(ds, key);
    write(ds, key, Arrays.copyOf(b, b.length - 40));
    assertCorrupt(
        () -> readEverything(ds), key, "lz4 block declares 7680 bytes but its sequences decode to");
  }

  // ------------------------------------------------------------------ chunk-id encoder

  @Test
  void chunkIdEncoderOfOddLength() {
    Path ds = copyExample(SMALL);
    write(ds, V_IDS, concat(read(ds, V_IDS), new byte[] {0}));
    assertCorrupt(
        () -> readEverything(ds),
        V_IDS,
        "49 bytes of rows is not a multiple of the 16-byte row size");
  }

  @Test
  void chunkIdEncoderWithDecreasingLastIndex() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_IDS);
    long last0 = Bits.getLongLE(b, 8 + 8);
    write(ds, V_IDS, withLongLE(b, 8 + 16 + 8, last0 - 1));
    assertCorrupt(
        () -> readEverything(ds),
        V_IDS,
        "row 1: last index " + (last0 - 1) + " is below the previous row's " + last0);
  }

  @Test
  void chunkIdEncoderWithNegativeLastIndex() {
    Path ds = copyExample(SMALL);
    write(ds, V_IDS, withLongLE(read(ds, V_IDS), 8 + 8, -7));
    assertCorrupt(
        () -> readEverything(ds),
        V_IDS,
        "row 0: last index " + Long.toUnsignedString(-7) + " is below the previous row's -1");
  }

  @ParameterizedTest
  @CsvSource({"0", "5", "16", "255"})
  void chunkIdEncoderWithWrongWidthByte(int width) {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_IDS);
    b[7] = (byte) width;
    write(ds, V_IDS, b);
    assertCorrupt(() -> readEverything(ds), V_IDS, "element width must be 4 or 8, found " + width);
  }

  @Test
  void chunkIdEncoderWithWidth4OverEightByteRows() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_IDS);
    b[7] = 4;
    write(ds, V_IDS, b);
    assertCorrupt(() -> readEverything(ds), V_IDS);
  }

  @Test
  void chunkIdEncoderWithoutWidthByte() {
    Path ds = copyExample(SMALL);
    write(ds, V_IDS, Arrays.copyOf(read(ds, V_IDS), 7));
    assertCorrupt(
        () -> readEverything(ds),
        V_IDS,
        "truncated: need 1 bytes for element width at offset 7, only 0 left");
  }

  @Test
  void chunkIdEncoderPointingAtAMissingChunk() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_IDS);
    write(ds, V_IDS, withLongLE(b, 8, 0xabcdefL));
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageStartingWith("missing file: v/chunks/abcdef (under ");
  }

  // ------------------------------------------------------------------ lengths that lie

  @Test
  void shapeTableRowCountOfMaxInt() {
    Path ds = copyExample(SMALL);
    write(ds, V_CHUNK, withIntLE(read(ds, V_CHUNK), 7, 0x7fffffff));
    assertCorruptQuickly(
        () -> readEverything(ds),
        V_CHUNK,
        "truncated: shape table declares 4294967294 uint32 values at offset 15, only 1024 bytes"
            + " left");
  }

  @Test
  void shapeTableColumnCountHugeOrNegative() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_CHUNK);
    write(ds, V_CHUNK, withIntLE(b, 11, 0x7fffffff));
    assertCorruptQuickly(
        () -> readEverything(ds), V_CHUNK, "shape table declares 1 rows x 2147483647 columns");
    write(ds, V_CHUNK, withIntLE(b, 7, -1));
    assertCorruptQuickly(() -> readEverything(ds), V_CHUNK, "shape table declares -1 rows");
  }

  @Test
  void byteTableRowCountHugeOrNegative() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_CHUNK);
    write(ds, V_CHUNK, withIntLE(b, 23, 0x7fffffff));
    assertCorruptQuickly(
        () -> readEverything(ds),
        V_CHUNK,
        "truncated: byte-position table declares 6442450941 uint32 values at offset 27");
    write(ds, V_CHUNK, withIntLE(b, 23, 0xffffffff));
    assertCorruptQuickly(() -> readEverything(ds), V_CHUNK, "byte-position table declares -1 rows");
  }

  @Test
  void bytePositionsBeyondTheDataRegion() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_CHUNK);
    write(ds, V_CHUNK, withIntLE(b, 31, 0xfffffff0)); // start byte of row 0
    assertCorruptQuickly(
        () -> readEverything(ds),
        V_CHUNK,
        "sample 0 spans bytes [4294967280, 4294967290) but the data region has 1000");
    write(ds, V_CHUNK, withIntLE(b, 27, 0xffffffff)); // bytes per sample
    assertCorruptQuickly(() -> readEverything(ds), V_CHUNK, "but the data region has 1000");
  }

  @Test
  void shapeDimensionsThatOverflow() {
    Path ds = copy("numeric_fixed");
    byte[] b = read(ds, U8_CHUNK);
    b = withIntLE(b, 15, 0xffffffff);
    b = withIntLE(b, 19, 0xffffffff);
    write(ds, U8_CHUNK, b);
    assertCorruptQuickly(() -> readEverything(ds), U8_CHUNK, "4294967295, 4294967295");
  }

  @Test
  void shapeThatDisagreesWithTheBytes() {
    Path ds = copyExample(SMALL);
    write(ds, V_CHUNK, withIntLE(read(ds, V_CHUNK), 15, 12)); // (12,) but 10 bytes per sample
    assertCorrupt(
        () -> readEverything(ds),
        V_CHUNK,
        "item 0 of 'v' has 10 bytes but shape [12] of uint8 needs 12");
  }

  @Test
  void lz4ChunkHeaderDeclaringTwoGigabytes() {
    Path ds = copy("chunk_lz4");
    String key = onlyChunk(ds, "vals");
    byte[] b = read(ds, key);
    int dataStart = Chunk.parse(b, key).dataStart();
    int compressed = b.length - dataStart - 4;
    for (int declared : new int[] {0x80000000, 0xffffffff, 0x7ffffff0}) {
      write(ds, key, withIntLE(b, dataStart, declared));
      assertCorruptQuickly(
          () -> readEverything(ds),
          key,
          "lz4 block declares "
              + Integer.toUnsignedString(declared)
              + " bytes from "
              + compressed
              + " compressed bytes");
    }
  }

  /**
   * A header that lies within LZ4's maximal ratio (255x) must not be believed either: the block's
   * own sequences say how much it decodes to.
   */
  @Test
  void lz4HeaderLyingWithinTheMaximalRatio() {
    Path ds = copy("chunk_lz4");
    String key = onlyChunk(ds, "vals");
    byte[] b = read(ds, key);
    int dataStart = Chunk.parse(b, key).dataStart();
    int compressed = b.length - dataStart - 4;
    int real = Bits.getIntLE(b, dataStart);
    for (int declared : new int[] {real + 1, real - 1, 200 * compressed}) {
      write(ds, key, withIntLE(b, dataStart, declared));
      assertCorruptQuickly(
          () -> readEverything(ds),
          key,
          "lz4 block declares " + declared + " bytes but its sequences decode to " + real);
    }
  }

  @Test
  void lz4SampleHeaderDeclaringTwoGigabytes() {
    Path ds = copy("chunk_lz4");
    String key = onlyChunk(ds, "bytes_s");
    byte[] b = read(ds, key);
    Chunk c = Chunk.parse(b, key);
    long[] first = c.byteRangeOf(0, c.dataLength());
    int blob = c.dataStart() + (int) first[0];
    write(ds, key, withIntLE(b, blob, 0x80000000));
    assertCorruptQuickly(
        () -> readEverything(ds),
        key,
        "lz4 block declares 2147483648 bytes from " + (first[1] - first[0] - 4));
  }

  @Test
  void tileEncoderDeclaringTwoToTheFortyEntries() {
    Path ds = copyExample(SMALL);
    String key = "v/tiles_index/unsharded";
    write(ds, key, concat(versionPrefix("3.9.52"), longsLE(1L << 40, 2, 0, 3, 4, 3, 4)));
    assertCorruptQuickly(
        () -> readEverything(ds),
        key,
        "tile encoder declares 1099511627776 samples of 2 dimensions");
    write(ds, key, concat(versionPrefix("3.9.52"), longsLE(1, 1L << 40, 0, 3, 4, 3, 4)));
    assertCorruptQuickly(
        () -> readEverything(ds),
        key,
        "tile encoder declares 1 samples of 1099511627776 dimensions");
    write(ds, key, concat(versionPrefix("3.9.52"), longsLE(-1, 2)));
    assertCorruptQuickly(() -> readEverything(ds), key, "tile encoder declares -1 samples");
  }

  @Test
  void tileEncoderWithATileGridThatDisagreesWithTheChunks() {
    Path ds = copyExample(SMALL);
    String key = "v/tiles_index/unsharded";
    // item 0 "tiled" as (3, 4) in (1, 1) tiles: 12 tile chunks expected, 1 present
    write(ds, key, concat(versionPrefix("3.9.52"), longsLE(1, 2, 0, 3, 4, 1, 1)));
    assertCorrupt(() -> readEverything(ds), key, "item 0 has a [3, 4] tile grid but 1 tile chunks");
  }

  // ------------------------------------------------------------------ tiles and canvases

  /** 04_tiling_sequence_link/big: item 1 is a (10, 12) uint16 sample in 2x2 tiles of (5, 6). */
  static final String BIG_TILES = "big/tiles_index/unsharded";

  @Test
  void undamagedExamplesRead() {
    readOne(copyExample("04_tiling_sequence_link"), "big");
    readOne(copyExample("03_htypes_and_codecs"), "img_cc");
  }

  @Test
  void tileEncoderSampleShapeThatTheTilesDoNotCover() {
    Path ds = copyExample("04_tiling_sequence_link");
    write(ds, BIG_TILES, withLongLE(read(ds, BIG_TILES), 39, 11)); // (10, 12) -> (10, 11)
    assertCorrupt(
        () -> readOne(ds, "big"),
        "big/chunks/d9b063ffae9448d2",
        "tile 1 of item 1 has shape [5, 6], but big/tiles_index/unsharded gives it [5, 5]");
  }

  @Test
  void tileEncoderDeclaringAHugeSampleOverRealTiles() {
    Path ds = copyExample("04_tiling_sequence_link");
    byte[] b = read(ds, BIG_TILES);
    b = withLongLE(b, 31, 20000);
    b = withLongLE(b, 39, 24000);
    b = withLongLE(b, 47, 10000);
    b = withLongLE(b, 55, 12000); // still a 2x2 grid, but of a 960 MB sample
    write(ds, BIG_TILES, b);
    assertCorruptQuickly(
        () -> readOne(ds, "big"),
        "big/chunks/9c608665fcd540a3",
        "tile 0 of item 1 has shape [5, 6], but big/tiles_index/unsharded gives it [10000, 12000]");
  }

  @Test
  void tileEncoderEntryForAnItemBeyondTheTensor() {
    Path ds = copyExample("04_tiling_sequence_link");
    write(ds, BIG_TILES, withLongLE(read(ds, BIG_TILES), 23, 7)); // entry of item 1 -> item 7
    // item 1 now reads its first tile chunk as a whole sample: it has no byte positions
    assertCorrupt(
        () -> readOne(ds, "big"),
        "big/chunks/9c608665fcd540a3",
        "sample 0 is beyond the byte-position table (0 samples)");
    try (Dataset d = Dataset.open(ds.toString())) {
      Tensor big = d.tensor("big");
      for (ThrowingCallable c :
          List.<ThrowingCallable>of(
              () -> big.itemNumpy(7), () -> big.itemShape(7), () -> big.itemBytes(7))) {
        assertThatThrownBy(c)
            .isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessage("item 7 of tensor 'big' (3 items)");
      }
    }
  }

  /** 03_htypes_and_codecs/img_cc: a png canvas of samples (4, 5, 3) and (2, 3, 3). */
  static final String CANVAS = "img_cc/chunks/f0f6ddf0cdb84d2e";

  @Test
  void imageCanvasSampleOfAHugeWidth() {
    Path ds = copyExample("03_htypes_and_codecs");
    write(ds, CANVAS, withIntLE(read(ds, CANVAS), 19, 0xfffffff0));
    assertCorruptQuickly(
        () -> readOne(ds, "img_cc"),
        CANVAS,
        "image canvas samples add up to more than 2147483647 pixels wide");
  }

  @Test
  void imageCanvasSampleWiderThanTheCanvas() {
    Path ds = copyExample("03_htypes_and_codecs");
    write(ds, CANVAS, withIntLE(read(ds, CANVAS), 35, 7)); // (2, 3, 3) -> (2, 7, 3)
    assertCorrupt(
        () -> readOne(ds, "img_cc"),
        CANVAS,
        "sample of shape [2, 7, 3] at x=5 exceeds the [4, 8, 3] canvas");
  }

  @Test
  void imageCanvasWithScalarSampleShapes() {
    Path ds = copyExample("03_htypes_and_codecs");
    byte[] b = read(ds, CANVAS);
    int dataStart = Chunk.parse(b, CANVAS).dataStart();
    // a shape table of 2 rows x 1 column: samples of shape () (one element each)
    byte[] header = concat(versionPrefix("3.9.52"), new byte[4 * 5]);
    Bits.putIntLE(header, 7, 2);
    Bits.putIntLE(header, 11, 1);
    Bits.putIntLE(header, 15, 0);
    Bits.putIntLE(header, 19, 1);
    write(ds, CANVAS, concat(header, new byte[4], Arrays.copyOfRange(b, dataStart, b.length)));
    assertCorrupt(
        () -> readOne(ds, "img_cc"), CANVAS, "image canvas sample shape [] has fewer than 2 dims");
  }

  // ------------------------------------------------------------------ bad JSON

  @Test
  void truncatedTensorMeta() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_META);
    write(ds, V_META, Arrays.copyOf(b, b.length / 2));
    assertCorrupt(() -> readEverything(ds), V_META, "malformed JSON: Unexpected end-of-input");
    write(ds, V_META, new byte[0]);
    assertCorrupt(() -> readEverything(ds), V_META, "empty JSON file");
  }

  @Test
  void tensorMetaThatIsNotUtf8Json() {
    Path ds = copyExample(SMALL);
    write(ds, V_META, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    assertCorrupt(() -> readEverything(ds), V_META, "malformed JSON");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[\"v\"]         | expected a JSON object, found ARRAY",
        "null            | expected a JSON object, found NULL",
        "42              | expected a JSON object, found NUMBER",
        "{} {}           | malformed JSON: Trailing token",
        "{\"tensors\": \"v\"} | field 'tensors' must be an array of strings, found \"v\"",
        "{\"tensors\": [1]}    | field 'tensors' must be an array of strings, found [1]",
        "{\"version\": 3}      | field 'version' must be a string, found 3",
        "{\"tensors\": [], \"tensor_names\": {\"x\": \"nope\"}} | tensor_names maps 'x' to key"
            + " 'nope', which is not in 'tensors'",
        "{\"tensors\": [], \"tensor_names\": [\"x\"]} | field 'tensor_names' must be an object",
      })
  void datasetMetaThatIsNotAValidObject(String json, String problem) {
    Path ds = copyExample(SMALL);
    writeText(ds, "dataset_meta.json", json);
    assertCorrupt(() -> readEverything(ds), "dataset_meta.json", problem);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"length\": 157,          | \"length\": \"abc\",    | field 'length' must be an integer,"
            + " found \"abc\"",
        "\"length\": 157,          | \"length\": -1,         | field 'length' must be a"
            + " non-negative integer, found -1",
        "\"length\": 157,          | \"length\": 4.5,        | field 'length' must be an"
            + " integer, found 4.5",
        "\"length\": 157,          | \"length\": 99999999999999999999, | field 'length' must be an"
            + " integer",
        "\"hidden\": false,        | \"hidden\": \"no\",     | field 'hidden' must be true or"
            + " false, found \"no\"",
        "\"dtype\": \"uint8\",     | \"dtype\": 8,           | field 'dtype' must be a string,"
            + " found 8",
        "\"links\": {              | \"links\": 3, \"x\": {  | field 'links' must be an object",
      })
  void tensorMetaFieldOfTheWrongType(String from, String to, String problem) {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, V_META).replace("\n", "").replaceAll(" +", " ");
    assertThat(meta).contains(from.trim());
    writeText(ds, V_META, meta.replace(from.trim(), to.trim()));
    assertCorrupt(() -> readEverything(ds), V_META, problem);
  }

  @Test
  void minAndMaxShapeOfDifferentLengths() {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, V_META);
    writeText(ds, V_META, meta.replaceFirst("\"min_shape\": \\[[^]]*]", "\"min_shape\": [10, 1]"));
    assertCorrupt(
        () -> readEverything(ds), V_META, "min_shape [10, 1] and max_shape [20] differ in length");
    writeText(
        ds, V_META, meta.replaceFirst("\"max_shape\": \\[[^]]*]", "\"max_shape\": [3, \"4\"]"));
    assertCorrupt(
        () -> readEverything(ds),
        V_META,
        "field 'max_shape' must be an array of non-negative integers");
  }

  @Test
  void infoFilesWithBadJson() {
    Path ds = copy("labels_bbox_embedding");
    writeText(ds, "dataset_info.json", "{\"description\": ");
    assertCorrupt(() -> readEverything(ds), "dataset_info.json", "malformed JSON");
    Path ds2 = copy("images_png");
    writeText(ds2, "images/tensor_info.json", "{,}");
    assertCorrupt(() -> readEverything(ds2), "images/tensor_info.json", "malformed JSON");
  }

  // ------------------------------------------------------------------ unknown htype / dtype

  @Test
  void unknownHtype() {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, V_META);
    writeText(ds, V_META, meta.replace("\"generic\"", "\"hologram\""));
    assertCorrupt(() -> readEverything(ds), V_META, "unknown htype 'hologram'");
  }

  @Test
  void unknownDtype() {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, V_META);
    writeText(ds, V_META, meta.replace("\"uint8\"", "\"float128\""));
    assertCorrupt(() -> readEverything(ds), V_META, "unknown dtype 'float128'");
  }

  // ------------------------------------------------------------------ missing files

  @Test
  void missingChunk() {
    Path ds = copyExample(SMALL);
    delete(ds, V_CHUNK);
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(KeyNotFoundException.class)
        .isInstanceOf(NotFoundException.class)
        .hasMessage("missing file: " + V_CHUNK + " (under " + ds.toAbsolutePath() + ")")
        .satisfies(e -> assertThat(((KeyNotFoundException) e).key()).isEqualTo(V_CHUNK));
  }

  @Test
  void chunkReplacedByADirectory() throws IOException {
    Path ds = copyExample(SMALL);
    delete(ds, V_CHUNK);
    Files.createDirectories(ds.resolve(V_CHUNK).resolve("inside"));
    Files.writeString(ds.resolve(V_CHUNK).resolve("inside/file"), "x");
    assertCorrupt(() -> readEverything(ds), V_CHUNK, "is a directory, not a file");
    try (org.deeplake4j.engine.storage.LocalStorage s =
        new org.deeplake4j.engine.storage.LocalStorage(ds)) {
      for (ThrowingCallable read :
          List.<ThrowingCallable>of(
              () -> s.get(V_CHUNK),
              () -> s.getIfExists(V_CHUNK),
              () -> s.getRange(V_CHUNK, 0, 10),
              () -> s.readInto(V_CHUNK, 0, java.nio.ByteBuffer.allocate(10)))) {
        assertCorrupt(read, V_CHUNK, "is a directory, not a file");
      }
    }
  }

  @Test
  void missingTensorMeta() {
    Path ds = copyExample(SMALL);
    delete(ds, V_META);
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageStartingWith("missing file: v/tensor_meta.json (under ");
  }

  @Test
  void missingDatasetMetaWithVersionInfoPresent() {
    Path ds = copyExample(SMALL);
    delete(ds, "dataset_meta.json");
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageStartingWith("missing file: dataset_meta.json (under ");
  }

  @Test
  void missingChunkIdEncoderOfANonEmptyTensor() {
    Path ds = copyExample(SMALL);
    delete(ds, V_IDS);
    assertCorrupt(
        () -> readEverything(ds),
        V_IDS,
        "chunk-id encoder covers 0 items but tensor_meta.json of 'v' says length 157");
  }

  // ------------------------------------------------------------------ inconsistent lengths

  @Test
  void chunkIdEncoderLengthDisagreesWithTensorMeta() {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, V_META);
    writeText(ds, V_META, meta.replace("\"length\": 157", "\"length\": 158"));
    assertCorrupt(
        () -> readEverything(ds),
        V_IDS,
        "chunk-id encoder covers 157 items but tensor_meta.json of 'v' says length 158");
  }

  @Test
  void chunkHoldsFewerSamplesThanTheEncoderSays() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_CHUNK);
    b = withIntLE(b, 19, 95); // shape row last: 99 -> 95
    b = withIntLE(b, 35, 95); // byte row last: 99 -> 95
    write(ds, V_CHUNK, b);
    assertCorrupt(
        () -> readEverything(ds),
        V_CHUNK,
        "tensor 'v' expects local sample 96 in this chunk, which holds 96");
  }

  // ------------------------------------------------------------------ version control

  @Test
  void corruptVersionInfoWithoutCommitInfo() {
    Path ds = copyExample(SMALL);
    assertThat(Files.exists(ds.resolve("commit_info.json"))).isFalse();
    writeText(ds, "version_control_info.json", "{\"commits\": {\"first");
    assertCorrupt(() -> readEverything(ds), "version_control_info.json", "malformed JSON");
    writeText(ds, "version_control_info.json", "{\"commits\": {}, \"branches\": {}}");
    assertCorrupt(
        () -> readEverything(ds),
        "version_control_info.json",
        "no root node firstdbf9474d461a19e9333c2fd19b46115348f");
    writeText(ds, "version_control_info.json", "{\"commits\": []}");
    assertCorrupt(
        () -> readEverything(ds),
        "version_control_info.json",
        "expected objects 'commits' and 'branches'");
    String vci = readText(copyExample(SMALL), "version_control_info.json");
    writeText(
        ds,
        "version_control_info.json",
        vci.replace(
            "\"main\": \"firstdbf9474d461a19e9333c2fd19b46115348f\"", "\"main\": \"deadbeef\""));
    assertCorrupt(
        () -> readEverything(ds),
        "version_control_info.json",
        "branch 'main' points at unknown node deadbeef");
  }

  @Test
  void corruptVersionInfoIsRebuiltFromCommitInfo() {
    Path intact = copy("version_control");
    Path ds = fresh("damaged");
    Fixtures.copyTree(intact, ds);
    writeText(ds, "version_control_info.json", "{\"commits\": {\"fir");
    for (String ref : List.of("main", "alt")) {
      try (Dataset good = Dataset.open(intact.toString(), ref);
          Dataset rebuilt = Dataset.open(ds.toString(), ref)) {
        assertThat(rebuilt.branches()).containsExactlyInAnyOrderElementsOf(good.branches());
        assertThat(rebuilt.nodeId()).isEqualTo(good.nodeId());
        assertThat(rebuilt.log()).isEqualTo(good.log());
        assertThat(rebuilt.tensorNames()).isEqualTo(good.tensorNames());
      }
      readEverything(ds, ref);
    }
  }

  @Test
  void corruptVersionInfoAndCorruptCommitInfo() {
    Path ds = copy("version_control");
    writeText(ds, "version_control_info.json", "[]");
    writeText(ds, "commit_info.json", "{\"branch\": 7}");
    assertCorrupt(
        () -> readEverything(ds),
        "version_control_info.json",
        "expected objects 'commits' and 'branches'");
  }

  @Test
  void versionInfoGivingTheRootAParent() {
    Path ds = copyExample(SMALL);
    String vci = readText(ds, "version_control_info.json");
    writeText(
        ds,
        "version_control_info.json",
        vci.replace("\"parent\": null", "\"parent\": \"deadbeef\""));
    assertCorrupt(
        () -> readEverything(ds),
        "version_control_info.json",
        "node firstdbf9474d461a19e9333c2fd19b46115348f has parent deadbeef, but it is the root");
  }

  @Test
  void versionInfoWithAParentOutsideTheTree() throws IOException {
    Path intact = copy("version_control");
    String commit2 = "17304953cdfb0b1cccb544574bc14ca24f27afa0";
    String vci = readText(intact, "version_control_info.json");
    String damaged =
        vci.replace(
            "\"alt\", \"parent\": \"" + commit2 + "\"", "\"alt\", \"parent\": \"deadbeef\"");
    assertThat(damaged).isNotEqualTo(vci);
    // with commit_info.json files, the tree is rebuilt from them, as Python does
    writeText(intact, "version_control_info.json", damaged);
    try (Dataset d = Dataset.open(intact.toString(), "alt")) {
      assertThat(d.log().get(1).id()).isEqualTo(commit2);
    }
    readEverything(intact, "alt");
    // without them, the damage is reported
    try (Stream<Path> s = Files.walk(intact)) {
      for (Path p : s.filter(p -> p.endsWith("commit_info.json")).toList()) {
        Files.delete(p);
      }
    }
    assertCorrupt(
        () -> readEverything(intact, "alt"),
        "version_control_info.json",
        "has parent deadbeef, which is not in the tree");
  }

  @Test
  void corruptChunkSet() {
    Path ds = copy("version_control");
    String key = "versions/ca98874007d457b961970c48be615640182a2485/num/chunk_set";
    writeText(ds, key, "a:b:c:d");
    assertCorrupt(() -> readEverything(ds, "main"), key, "bad chunk_set entry 'a:b:c:d'");
  }

  @Test
  void chunkSetPointingOutsideTheDataset() {
    Path ds = copy("version_control");
    String key = "versions/ca98874007d457b961970c48be615640182a2485/num/chunk_set";
    for (String entry : List.of("abc:../../..:num", "abc::../../x", "abc:x/y", "../abc")) {
      writeText(ds, key, entry);
      assertCorrupt(
          () -> readEverything(ds, "main"),
          key,
          "chunk_set entry '" + entry + "' names no storage key");
    }
  }

  @Test
  void tensorKeyOutsideTheDataset() {
    Path ds = copyExample(SMALL);
    writeText(
        ds,
        "dataset_meta.json",
        "{\"version\": \"3.9.52\", \"tensors\": [\"v\", \"../../etc\"], \"hidden_tensors\": []}");
    assertCorrupt(
        () -> readEverything(ds),
        "dataset_meta.json",
        "tensor key '../../etc' is not a storage key");
  }

  @Test
  void commitIdThatIsNotAFolderName() {
    Path ds = copyExample(SMALL);
    String vci = readText(ds, "version_control_info.json");
    String evil = "../../outside";
    writeText(
        ds,
        "version_control_info.json",
        vci.replace("\"children\": []", "\"children\": [\"" + evil + "\"]")
            .replace(
                "{\"commits\": {",
                "{\"commits\": {\""
                    + evil
                    + "\": {\"branch\": \"main\", \"parent\":"
                    + " \"firstdbf9474d461a19e9333c2fd19b46115348f\"}, "));
    assertCorrupt(
        () -> readEverything(ds),
        "version_control_info.json",
        "commit id '" + evil + "' is not a folder name");
  }

  @Test
  void unknownRefListsTheBranches() {
    Path ds = copy("version_control");
    assertThatThrownBy(() -> readEverything(ds, "nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(ds.toAbsolutePath() + ": no branch or commit 'nope' (branches: main, alt)");
    assertThatThrownBy(() -> Dataset.open(ds + "@0000000000000000000000000000000000000000"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no branch or commit '0000000000000000000000000000000000000000'")
        .hasMessageContaining("(branches: main, alt)");
  }

  // ------------------------------------------------------------------ not a (3.x) dataset

  @Test
  void emptyFolderIsNotADataset() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThatThrownBy(() -> Dataset.open(empty.toString()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "not a Deep Lake dataset: " + empty.toAbsolutePath() + " has no dataset_meta.json");
    Path missing = tmp.resolve("does-not-exist");
    assertThatThrownBy(() -> Dataset.open(missing.toString()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "not a Deep Lake dataset: " + missing.toAbsolutePath() + " has no dataset_meta.json");
  }

  /** A Deep Lake 2.x dataset: version history only in the pickled version_control_info. */
  @Test
  void deepLake2WithOnlyThePickledVersionInfo() throws IOException {
    Path ds = Files.createDirectory(tmp.resolve("v2"));
    // a pickle protocol-4 header (the content is never parsed)
    write(ds, "version_control_info", new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, '.'});
    writeText(ds, "dataset_meta.json", "{\"version\": \"2.8.0\", \"tensors\": []}");
    assertThatThrownBy(() -> Dataset.open(ds.toString()))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage(
            ds.toAbsolutePath()
                + ": version history is in the pickled 'version_control_info' of Deep Lake 2.x;"
                + " open and save it once with deeplake 3.x to convert it");
    delete(ds, "dataset_meta.json");
    assertThatThrownBy(() -> Dataset.open(ds.toString()))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("Deep Lake 2.x");
  }

  @Test
  void deepLake4DatasetMeta() {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, "dataset_meta.json");
    writeText(ds, "dataset_meta.json", meta.replace("\"3.9.52\"", "\"4.0.0\""));
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessage(
            "dataset_meta.json: written by deeplake 4.0.0; this engine reads the Deep Lake 3.x"
                + " format only (4.x uses a different format)");
  }

  @Test
  void deepLake4TensorMeta() {
    Path ds = copyExample(SMALL);
    String meta = readText(ds, V_META);
    writeText(ds, V_META, meta.replace("\"3.9.52\"", "\"4.1.2\""));
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageStartingWith("v/tensor_meta.json: written by deeplake 4.1.2");
  }

  @Test
  void activeloopHostedPath() {
    assertThatThrownBy(() -> Dataset.open("hub://org/ds"))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageStartingWith("hub://org/ds: Activeloop-hosted datasets (hub://)");
    assertThatThrownBy(() -> Dataset.open("hub://org/ds@main"))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageStartingWith("hub://org/ds: Activeloop-hosted datasets");
  }

  // ------------------------------------------------------------------ version strings

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "3.9.52-java   | version string '3.9.52-java' is not dotted integers",
        "3..52         | version string '3..52' is not dotted integers",
        "3.9.          | version string '3.9.' is not dotted integers",
        "3.9999999999  | version string '3.9999999999' is not dotted integers",
        "v3            | version string 'v3' is not dotted integers",
        "''            | empty version string",
      })
  void nonDottedVersionInAChunk(String version, String problem) {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_CHUNK);
    write(ds, V_CHUNK, concat(versionPrefix(version), Arrays.copyOfRange(b, 7, b.length)));
    assertCorrupt(() -> readEverything(ds), V_CHUNK, problem);
  }

  @Test
  void nonDottedVersionInEncodersAndMetadata() {
    Path ds = copyExample(SMALL);
    byte[] ids = read(ds, V_IDS);
    write(ds, V_IDS, concat(versionPrefix("3.9.52-java"), Arrays.copyOfRange(ids, 7, ids.length)));
    assertCorrupt(
        () -> readEverything(ds), V_IDS, "version string '3.9.52-java' is not dotted integers");
    Path ds2 = copyExample(SMALL);
    String meta = readText(ds2, "dataset_meta.json");
    writeText(ds2, "dataset_meta.json", meta.replace("\"3.9.52\"", "\"3.9.52-java\""));
    assertCorrupt(
        () -> readEverything(ds2),
        "dataset_meta.json",
        "version string '3.9.52-java' is not dotted integers");
  }

  /** 255 bytes of binary garbage with newlines: 0a 81 82 0a 84 85 0a ... */
  static byte[] garbage255() {
    byte[] junk = new byte[255];
    for (int i = 0; i < junk.length; i++) {
      junk[i] = (byte) (i % 3 == 0 ? '\n' : 0x80 + i);
    }
    return junk;
  }

  /** Asserts a one-line message that quotes at most a short hex prefix of the data. */
  static void assertShortOneLine(ThrowingCallable call) {
    assertThatThrownBy(call)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r");
              assertThat(e.getMessage().length()).isLessThan(200);
              assertThat(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                  .as("printable ASCII: %s", e.getMessage())
                  .isTrue();
            });
  }

  @Test
  void binaryGarbageInAVersionStringIsQuotedAsAShortHexPrefix() {
    Path ds = copyExample(SMALL);
    byte[] b = read(ds, V_CHUNK);
    write(
        ds,
        V_CHUNK,
        concat(new byte[] {(byte) 255}, garbage255(), Arrays.copyOfRange(b, 7, b.length)));
    assertCorrupt(
        () -> readEverything(ds),
        V_CHUNK,
        "version string 0x0a81820a84850a87880a8a8b0a8d8e0a... (255 bytes) is not dotted integers");
    assertShortOneLine(() -> readEverything(ds));

    Path ds2 = copyExample(SMALL);
    String meta = readText(ds2, "dataset_meta.json");
    writeText(
        ds2,
        "dataset_meta.json",
        meta.replace("\"3.9.52\"", "\"3.9.52\\n" + "x".repeat(300) + "\""));
    assertCorrupt(
        () -> readEverything(ds2),
        "dataset_meta.json",
        "version string 0x332e392e35320a787878787878787878... (307 bytes) is not dotted integers");
    assertShortOneLine(() -> readEverything(ds2));
  }

  @Test
  void binaryGarbageInAChunkSetIsQuotedAsAShortHexPrefix() throws IOException {
    Path ds = copy("version_control");
    byte[] bad = ("ab:cd:ef:gh" + "\nrow".repeat(60) + "z").getBytes(UTF_8);
    List<Path> sets;
    try (Stream<Path> s = Files.walk(ds)) {
      sets = s.filter(p -> p.endsWith(Path.of("num", "chunk_set"))).toList();
    }
    assertThat(sets).isNotEmpty();
    for (Path p : sets) {
      write(ds, ds.relativize(p).toString(), bad);
    }
    assertThatThrownBy(() -> readEverything(ds))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageMatching(
            "versions/[0-9a-f]+/num/chunk_set: bad chunk_set entry"
                + " 0x61623a63643a65663a67680a726f770a\\.\\.\\. \\(252 bytes\\)");
    assertShortOneLine(() -> readEverything(ds));
  }

  // ------------------------------------------------------------------ sample payloads

  @Test
  void corruptJsonSample() {
    Path ds = copy("text_json_list");
    String key = onlyChunk(ds, "records");
    byte[] b = read(ds, key);
    Chunk c = Chunk.parse(b, key);
    b[c.dataStart()] = '}'; // first sample starts with '{'
    write(ds, key, b);
    assertCorrupt(() -> readEverything(ds), key, "records", "item 0", "malformed JSON");
  }

  @Test
  void corruptPngSample() {
    Path ds = copy("images_png");
    String key = onlyChunk(ds, "images");
    byte[] b = read(ds, key);
    Chunk c = Chunk.parse(b, key);
    int start = c.dataStart() + (int) c.byteRangeOf(0, c.dataLength())[0];
    for (int i = 16; i < 60; i++) {
      b[start + i] ^= 0x5a; // IHDR and the start of IDAT
    }
    write(ds, key, b);
    assertCorrupt(() -> readEverything(ds), key, "png");
  }

  @ParameterizedTest(name = "{0}x{1}, {2}-bit, color type {3}")
  @CsvSource({
    "16384, 16384, 8, 2",
    "16384, 16384, 16, 6",
    "65535, 65535, 8, 2",
    "1, 2147483647, 8, 2",
    "0, 5, 8, 2"
  })
  void pngSampleWhoseHeaderLiesAboutItsSize(int width, int height, int depth, int colorType) {
    Path ds = copy("images_png");
    String key = onlyChunk(ds, "images");
    byte[] b = read(ds, key);
    Chunk c = Chunk.parse(b, key);
    int start = c.dataStart() + (int) c.byteRangeOf(0, c.dataLength())[0];
    Bits.putIntBE(b, start + 16, width); // IHDR width, height, bit depth, color type
    Bits.putIntBE(b, start + 20, height);
    b[start + 24] = (byte) depth;
    b[start + 25] = (byte) colorType;
    write(ds, key, b);
    assertCorruptQuickly(() -> readOne(ds, "images"), key, "png");
  }

  @Test
  void corruptLz4Payload() {
    Path ds = copy("chunk_lz4");
    String key = onlyChunk(ds, "vals");
    byte[] b = read(ds, key);
    int dataStart = Chunk.parse(b, key).dataStart();
    for (int i = dataStart + 4; i < b.length; i++) {
      b[i] = (byte) 0xff;
    }
    write(ds, key, b);
    assertCorrupt(
        () -> readEverything(ds),
        key,
        "lz4 block declares 7680 bytes but its sequences decode to nothing valid");
  }
}
