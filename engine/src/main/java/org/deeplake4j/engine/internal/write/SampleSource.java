package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.types.NdArray;

/**
 * One tensor of a dataset version, as the write side reads it: to copy samples (merge, saved
 * views), compare them (merge) and check companions (commit). A row is a sample ({@code
 * sequence[...]}: a sequence), an item a stored sample (a sequence's element). The methods mean
 * what the public {@code Tensor}'s methods of the same names mean; the public handle layer
 * implements this over them (see {@link HandleLayer}).
 */
public interface SampleSource {
  /** The tensor's name (a group tensor is {@code group/name}). */
  String name();

  /** The tensor's storage key. */
  String key();

  /** tensor_meta.json. */
  TensorMeta meta();

  /** Rows (sequences for a sequence tensor). */
  long length();

  /** Stored items (flattened sequence items). */
  long numItems();

  /** Class names of a class_label tensor (empty for others). */
  List<String> classNames();

  /** The htype without sequence/link wrappers, or null. */
  String baseHtype();

  /** Whether the htype is {@code sequence[...]}. */
  boolean isSequence();

  /** Whether the htype is {@code link[...]}. */
  boolean isLink();

  /** The items {@code [first, end)} of sequence row {@code row}. */
  long[] sequenceRange(long row);

  /** Row {@code row} as an array. */
  NdArray numpy(long row);

  /** The shape of item {@code item}. */
  long[] itemShape(long item);

  /** Item {@code item} of a text tensor (or a link's path). */
  String itemText(long item);

  /** Item {@code item} of a json/list tensor. */
  JsonNode itemJson(long item);

  /** Item {@code item} as an array. */
  NdArray itemNumpy(long item);

  /** The stored bytes of item {@code item} (compressed as stored). */
  byte[] itemBytes(long item);

  /** The chunk-id encoder (which items share chunks, which are tiled). */
  ChunkIdEncoder chunkIdEncoder();

  /** The path of link item {@code item} ("" for an empty link). */
  String itemLinkPath(long item);

  /** The named credentials of link item {@code item}. */
  Optional<String> itemCredsKey(long item);

  /**
   * Copies the raw elements of rows {@code [start, end)} into {@code dst}; returns bytes copied.
   */
  long readRange(long start, long end, ByteBuffer dst);
}
