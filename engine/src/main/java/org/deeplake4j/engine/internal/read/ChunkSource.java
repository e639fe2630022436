package org.deeplake4j.engine.internal.read;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.version.ChunkLocator;
import org.deeplake4j.engine.storage.Storage;

/**
 * The one way the read layer gets a tensor's chunks at one version: chunk row to storage key
 * (through the chunk-id encoder and the version chain), then the chunk in one of three forms:
 *
 * <ul>
 *   <li>{@link #loaded}: parsed, decompressed (lz4) or decoded (image canvas), and kept in the
 *       dataset's {@link ChunkCache} for reads that come back to it;
 *   <li>{@link #header}: only the header, by a ranged read, for scans that fetch the bytes of some
 *       samples and nothing else;
 *   <li>{@link #scan}: whole, for one pass of a scan and not cached: an uncompressed chunk as
 *       {@link Storage#readMapped} gives it (memory-mapped on a local file system), an lz4 chunk
 *       decompressed.
 * </ul>
 *
 * Thread-safe.
 */
public final class ChunkSource {

  /** How a tensor's chunks store their samples. */
  enum ChunkClass {
    UNCOMPRESSED,
    SAMPLE,
    CHUNK_BYTES,
    CHUNK_IMAGE
  }

  /**
   * A chunk read for one pass of a scan: its parsed tables, and its data region {@code
   * data[dataOff, dataOff + dataLen)} (absolute indices, little-endian; possibly a read-only memory
   * map).
   */
  public record ScanChunk(Chunk chunk, ByteBuffer data, int dataOff, int dataLen) {}

  private final String name;
  private final TensorMeta meta;
  private final Storage storage;
  private final ChunkIdEncoder ids;
  private final ChunkLocator locator;
  private final ChunkCache cache;
  private final ChunkClass cls;

  /** Storage keys of the chunk rows, filled on first use (a benign race: keys are immutable). */
  private final String[] rowKeys;

  /**
   * The chunk read last, so runs of reads in one chunk skip the cache lookup. It keeps at most one
   * chunk per tensor reachable beyond the cache's bound.
   */
  private volatile LastChunk last;

  private record LastChunk(int row, DecodedChunk chunk) {}

  /** The header of the chunk read by range last, so that a scan parses each header once. */
  private volatile LastHeader lastHeader;

  private record LastHeader(int row, Chunk chunk) {}

  /** Bytes read first for a chunk header read by range; most headers fit. */
  static final int SMALL_HEADER_PROBE = 1 << 10;

  /** Longest chunk header read on its own (longer ones: the whole chunk is read). */
  private static final int MAX_RANGED_HEADER = 16 << 20;

  ChunkSource(
      String name,
      TensorMeta meta,
      Storage storage,
      ChunkIdEncoder ids,
      ChunkLocator locator,
      ChunkCache cache) {
    this.name = name;
    this.meta = meta;
    this.storage = storage;
    this.ids = ids;
    this.locator = locator;
    this.cache = cache;
    this.cls = classify(meta);
    this.rowKeys = new String[ids.rows()];
  }

  private static ChunkClass classify(TensorMeta meta) {
    if (meta.isLink()) {
      return ChunkClass.UNCOMPRESSED;
    }
    if (meta.sampleCompression() != null) {
      return ChunkClass.SAMPLE;
    }
    if (meta.chunkCompression() != null) {
      return Codecs.isByteCodec(meta.chunkCompression())
          ? ChunkClass.CHUNK_BYTES
          : ChunkClass.CHUNK_IMAGE;
    }
    return ChunkClass.UNCOMPRESSED;
  }

  /** The chunk-id encoder: items to chunk rows. */
  public ChunkIdEncoder ids() {
    return ids;
  }

  ChunkClass chunkClass() {
    return cls;
  }

  Storage storage() {
    return storage;
  }

  /** The storage key of chunk row {@code row}. */
  public String key(int row) {
    String k = rowKeys[row];
    if (k == null) {
      k = locator.keyOf(ChunkIdEncoder.nameOf(ids.id(row)));
      rowKeys[row] = k;
    }
    return k;
  }

  /** Chunk {@code ckey} read whole and parsed, not cached. */
  Chunk raw(String ckey) {
    return Chunk.parse(storage.get(ckey), ckey);
  }

  /** Whether chunk row {@code row} is decoded already (read last, or in the cache). */
  boolean isDecoded(int row) {
    LastChunk m = last;
    return (m != null && m.row == row) || cache.contains(key(row));
  }

  /** Chunk row {@code row} decoded, through the cache. */
  DecodedChunk loaded(int row) {
    LastChunk m = last;
    if (m != null && m.row == row) {
      return m.chunk;
    }
    String ckey = key(row);
    DecodedChunk loaded =
        cache.get(
            ckey,
            () -> {
              Chunk c = raw(ckey);
              byte[] buf = c.buffer();
              switch (cls) {
                case CHUNK_BYTES:
                  byte[] d = Lz4.decompress(buf, c.dataStart(), c.dataLength(), ckey);
                  return DecodedChunk.of(c, d, 0, d.length, null);
                case CHUNK_IMAGE:
                  SampleCodec.requireDtype(name, meta);
                  return DecodedChunk.of(
                      c,
                      buf,
                      c.dataStart(),
                      c.dataLength(),
                      Canvas.decode(c, buf, ckey, meta.chunkCompression()));
                default:
                  return DecodedChunk.of(c, buf, c.dataStart(), c.dataLength(), null);
              }
            });
    last = new LastChunk(row, loaded);
    return loaded;
  }

  /** The parsed header of chunk row {@code row}, or null if it is too long to read on its own. */
  Chunk header(int row, String ckey) {
    LastHeader h = lastHeader;
    if (h != null && h.row == row) {
      return h.chunk;
    }
    Chunk c = null;
    byte[] head = storage.getRange(ckey, 0, SMALL_HEADER_PROBE);
    try {
      c = Chunk.parse(head, ckey);
    } catch (CorruptDataException e) {
      // A long header (e.g. the byte positions of many text samples): read exactly it.
      long need = Chunk.headerLength(head);
      if (head.length < SMALL_HEADER_PROBE || need <= head.length || need > MAX_RANGED_HEADER) {
        return null; // a damaged chunk or a huge header: the item path reads the whole chunk
      }
      head = storage.getRange(ckey, 0, (int) need);
      try {
        c = Chunk.parse(head, ckey);
      } catch (CorruptDataException again) {
        return null;
      }
    }
    lastHeader = new LastHeader(row, c);
    return c;
  }

  /**
   * Chunk row {@code row} for one pass of a scan, not cached: an uncompressed chunk as the storage
   * maps it ({@link Storage#readMapped}: no copy, no heap on a local file system), an lz4 chunk
   * decompressed, any other read whole.
   */
  public ScanChunk scan(int row) {
    String ckey = key(row);
    if (cls == ChunkClass.UNCOMPRESSED) {
      ScanChunk m = mapped(ckey);
      if (m != null) {
        return m;
      }
    }
    Chunk c = raw(ckey);
    if (cls == ChunkClass.CHUNK_BYTES) {
      byte[] d = Lz4.decompress(c.buffer(), c.dataStart(), c.dataLength(), ckey);
      return new ScanChunk(c, ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN), 0, d.length);
    }
    return new ScanChunk(
        c,
        ByteBuffer.wrap(c.buffer()).order(ByteOrder.LITTLE_ENDIAN),
        c.dataStart(),
        c.dataLength());
  }

  /** The chunk over {@link Storage#readMapped}, or null to read and parse it whole instead. */
  private ScanChunk mapped(String ckey) {
    ByteBuffer m = storage.readMapped(ckey).order(ByteOrder.LITTLE_ENDIAN);
    long header = headerLength(m);
    if (header < 0) {
      return null; // let Chunk.parse report what is wrong with the bytes
    }
    byte[] head = new byte[(int) header];
    m.get(0, head);
    Chunk c = Chunk.parse(head, ckey);
    return new ScanChunk(c, m, (int) header, m.limit() - (int) header);
  }

  /** Length of a chunk's header (version, shape table, byte table), or -1 if it does not fit. */
  private static long headerLength(ByteBuffer b) {
    int size = b.limit();
    if (size < 16) {
      return -1;
    }
    long p = 1 + (b.get(0) & 0xFF);
    if (p + 8 > size) {
      return -1;
    }
    int rows = b.getInt((int) p);
    int cols = b.getInt((int) p + 4);
    if (rows < 0 || cols < 0 || cols > 64) {
      return -1;
    }
    p += 8 + 4L * rows * cols;
    if (p + 4 > size) {
      return -1;
    }
    int brows = b.getInt((int) p);
    if (brows < 0) {
      return -1;
    }
    p += 4 + 12L * brows;
    return p > size ? -1 : p;
  }
}
