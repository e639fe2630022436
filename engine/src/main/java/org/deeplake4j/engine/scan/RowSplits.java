package org.deeplake4j.engine.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.filter.RowRanges;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.version.ChunkLocator;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.TensorMetadata;

/**
 * Chunk-aligned row splits and tensor size estimates for parallel reads. Stateless.
 *
 * <p>A split is a row range {@code [start, end)}. Splits cut only at rows where a chunk of the
 * aligning tensor starts, so each of its chunks is read by one split (chunks of other tensors may
 * straddle a cut); consecutive chunks are merged while the estimated bytes of a split stay within
 * the target.
 */
public final class RowSplits {
  /** How many chunk sizes {@link #storedBytes} reads before extrapolating. */
  static final int SIZE_SAMPLES = 16;

  private RowSplits() {}

  /**
   * Rows at which a chunk of {@code t} begins, ascending and distinct, each in {@code [1,
   * t.length())} (row 0 is implied). For a sequence tensor, the first row whose items start at or
   * after the chunk's first item. Tiles of one item count as one chunk.
   */
  public static long[] chunkStartRows(Tensor t) {
    ChunkIdEncoder enc = t.chunkIdEncoder();
    long rows = t.length();
    long[] out = new long[enc.rows()];
    int n = 0;
    long prev = 0;
    for (int r = 0; r < enc.rows(); r++) {
      if (enc.last(r) < 0) {
        continue; // placeholder row of an empty chunk
      }
      long first = enc.first(r);
      long row = t.isSequence() ? firstRowStartingAtOrAfter(t, first) : first;
      if (row > prev && row < rows) {
        out[n++] = row;
        prev = row;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static long firstRowStartingAtOrAfter(Tensor t, long item) {
    long lo = 0;
    long hi = t.length();
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (t.sequenceRange(mid)[0] >= item) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * Cuts {@code rows} into splits: every range is cut at each of {@code cuts} inside it, then
   * neighbouring pieces of one range are merged while {@code bytesPerRow * rows} of the merged
   * split stays within {@code targetBytes} (a single piece may exceed it).
   *
   * @param rows the rows to read
   * @param cuts ascending rows where a split may begin (see {@link #chunkStartRows})
   * @param bytesPerRow estimated bytes per row of everything read
   * @param targetBytes wanted bytes per split (at least 1)
   * @return the splits as {@code [start, end)} pairs, in row order
   */
  public static List<long[]> plan(
      RowRanges rows, long[] cuts, double bytesPerRow, long targetBytes) {
    List<long[]> out = new ArrayList<>();
    double target = Math.max(1, targetBytes);
    for (int i = 0; i < rows.size(); i++) {
      long start = rows.start(i);
      long end = rows.end(i);
      int k = Arrays.binarySearch(cuts, start + 1);
      k = k < 0 ? -k - 1 : k;
      long splitStart = start;
      long pieceStart = start;
      while (pieceStart < end) {
        long pieceEnd = k < cuts.length && cuts[k] < end ? cuts[k++] : end;
        if (pieceStart > splitStart && (pieceEnd - splitStart) * bytesPerRow > target) {
          out.add(new long[] {splitStart, pieceStart});
          splitStart = pieceStart;
        }
        pieceStart = pieceEnd;
      }
      out.add(new long[] {splitStart, end});
    }
    return out;
  }

  /**
   * Estimated bytes per row of {@code t} as read: exact for fixed-shape numeric tensors without
   * sample compression (elements times item size), else its stored bytes over its rows.
   */
  public static double bytesPerRow(Dataset ds, Tensor t) {
    TensorMetadata m = t.metadata();
    long rows = t.length();
    if (rows == 0) {
      return 0;
    }
    if (t.dtype() != null
        && m.isFixedShape()
        && !t.isSequence()
        && !t.isLink()
        && m.sampleCompression() == null
        && !m.htype().isTextLike()) {
      return (double) NdArray.numElements(m.maxShape()) * t.dtype().itemSize();
    }
    return (double) storedBytes(ds, t) / rows;
  }

  /**
   * Estimated stored bytes of {@code t} at the dataset's version: the sizes of up to {@value
   * #SIZE_SAMPLES} evenly spread chunks, extrapolated to all chunks. Link tensors count their link
   * strings only.
   */
  public static long storedBytes(Dataset ds, Tensor t) {
    ChunkIdEncoder enc = t.chunkIdEncoder();
    int chunks = enc.rows();
    if (chunks == 0) {
      return 0;
    }
    ChunkLocator loc =
        new ChunkLocator(ds.storage(), ds.versionGraph().chain(ds.nodeId()), t.key());
    int samples = Math.min(chunks, SIZE_SAMPLES);
    long sum = 0;
    int seen = 0;
    for (int i = 0; i < samples; i++) {
      int r = (int) ((long) i * chunks / samples);
      String key = loc.keyOf(ChunkIdEncoder.nameOf(enc.id(r)));
      Optional<ObjectMetadata> md = ds.storage().metadata(key);
      if (md.isPresent()) {
        sum += md.get().size();
        seen++;
      }
    }
    return seen == 0 ? 0 : Math.round((double) sum / seen * chunks);
  }
}
