package org.deeplake4j.engine.internal.write;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Items appended to one tensor, detached from the state they were appended to, so that another
 * state of the tensor can adopt them after its own tail without touching their chunks: the rebase
 * of a writer session's appends onto a new tip (docs/commit-protocol.md R6) and the commit of a
 * write transaction's fragments (§7) are both "adopt this part". Indices are relative to the part's
 * first item. Immutable (the arrays are never changed after construction) and serializable: it
 * travels inside a fragment from the JVM that wrote the chunks to the one that commits.
 *
 * @param key the tensor key
 * @param items number of items (a sequence tensor's flat items)
 * @param chunkIds chunk-id encoder rows: chunk ids
 * @param lastItems chunk-id encoder rows: last item of each row, relative to the part
 * @param chunkEntries the {@code chunk_set} entries naming where the part's chunks are stored, as
 *     the adopting node lists them ({@code name} or {@code name:folder})
 * @param tiles tiled items: relative item index to (sample shape, tile shape)
 * @param sequences sequence tensors: per sequence {items, first item relative to the part}
 * @param creds link tensors: the creds index of each item
 * @param minShape smallest sample shape of the part's items (null: no shaped item)
 * @param maxShape largest sample shape of the part's items (null: no shaped item)
 * @param kind the tensor_meta fields the part's bytes depend on (dtype, htype, compressions,
 *     sequence and link kind, typestr) as the writer had them, by field name; null values absent
 * @param bytes bytes of the part's chunks as written
 * @param classNames a class_label tensor's class names after the part's items were appended (the
 *     names its label indices refer to), else null
 */
public record AppendedPart(
    String key,
    long items,
    long[] chunkIds,
    long[] lastItems,
    List<String> chunkEntries,
    Map<Long, long[][]> tiles,
    List<long[]> sequences,
    List<Long> creds,
    long[] minShape,
    long[] maxShape,
    Map<String, String> kind,
    long bytes,
    List<String> classNames)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Fields of tensor_meta.json that decide how a part's chunks are read. */
  static final List<String> KIND_FIELDS =
      List.of(
          "dtype",
          "htype",
          "sample_compression",
          "chunk_compression",
          "is_sequence",
          "is_link",
          "typestr");

  /** Chunk names (without location) of the part. */
  List<String> chunkNames() {
    return chunkEntries.stream()
        .map(e -> e.contains(":") ? e.substring(0, e.indexOf(':')) : e)
        .toList();
  }
}
