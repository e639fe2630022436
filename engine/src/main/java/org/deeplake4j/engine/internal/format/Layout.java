package org.deeplake4j.engine.internal.format;

/**
 * The storage keys of a Deep Lake 3.x dataset, as Python deeplake 3.9.52 names them ({@code
 * deeplake/constants.py}, {@code deeplake/util/keys.py}), plus the few this engine adds. Every key
 * name the engine reads or writes comes from here.
 *
 * <pre>
 * version_control_info.json           the version tree (root only)
 * dataset_lock.lock                   a HEAD node's writer lock
 * queries.json, .queries/ID/          saved views (root only)
 * linked_creds.json                   credentials keys of link tensors (root only)
 * dataset_meta.json, dataset_info.json, dataset_diff
 * TENSOR/tensor_meta.json, tensor_info.json, commit_diff, chunk_set
 * TENSOR/chunks_index/unsharded, tiles_index/unsharded, sequence_index/unsharded, ...
 * TENSOR/chunks/CHUNK                 chunk objects
 * TENSOR/vdb_indexes/INDEX_FILE       vector index files (indra's; see VdbIndexes)
 * versions/COMMIT_ID/...              the same per-version keys of every node but the first
 * </pre>
 *
 * Per-version keys are relative to a node's folder; {@code internal.version.VersionKeys} places
 * them. Hidden companion tensors are named {@code _<leaf>_<kind>} in the tensor's group ({@link
 * #companion}).
 */
public final class Layout {
  private Layout() {}

  // ---- at the dataset root, unversioned ----

  /** The version tree. */
  public static final String VERSION_CONTROL_INFO = "version_control_info.json";

  /** The version tree's name before deeplake 3.0 (read only). */
  public static final String LEGACY_VERSION_CONTROL_INFO = "version_control_info";

  /** Python's short lock around read-merge-write of {@link #VERSION_CONTROL_INFO}. */
  public static final String VERSION_CONTROL_INFO_LOCK = "version_control_info.lock";

  /** The list of saved views. */
  public static final String QUERIES = "queries.json";

  /** Python's lock of {@link #QUERIES}. */
  public static final String QUERIES_LOCK = "queries.lock";

  /** Folder of the saved views' datasets: {@code .queries/ID/}. */
  public static final String QUERIES_FOLDER = ".queries/";

  /** Folder of the per-version folders: {@code versions/COMMIT_ID/}. */
  public static final String VERSIONS_FOLDER = "versions/";

  /** Credentials keys of link tensors ({@code ds.add_creds_key}). */
  public static final String LINKED_CREDS = "linked_creds.json";

  /** Folder of the leases of this engine's writers (not Python's; docs/commit-protocol.md L5). */
  public static final String WRITER_LEASES_FOLDER = ".deeplake4j/writers/";

  /** Suffix of lock objects. */
  public static final String LOCK_SUFFIX = ".lock";

  // ---- per version (in a node's folder) ----

  /** A HEAD node's writer lock. */
  public static final String DATASET_LOCK = "dataset_lock.lock";

  /** The node's commit record, from which the version tree is rebuilt when it is lost. */
  public static final String COMMIT_INFO = "commit_info.json";

  /** Dataset metadata: tensors, groups, hidden tensors, tensor names to keys. */
  public static final String DATASET_META = "dataset_meta.json";

  /** The dataset's {@code info}. */
  public static final String DATASET_INFO = "dataset_info.json";

  /** Renames, deletions and info updates of the node. */
  public static final String DATASET_DIFF = "dataset_diff";

  /**
   * deeplake4j's own per-node file: the ids of the write transactions whose rows the node holds
   * (docs/commit-protocol.md §7). Python ignores it; it is never at the root.
   */
  public static final String TRANSACTIONS = ".deeplake4j/transactions.json";

  // ---- per tensor, relative to the tensor key (in a node's folder) ----

  /** Tensor metadata. */
  public static final String TENSOR_META = "tensor_meta.json";

  /** The tensor's {@code info}. */
  public static final String TENSOR_INFO = "tensor_info.json";

  /** Rows and items added, updated and deleted in the node. */
  public static final String COMMIT_DIFF = "commit_diff";

  /** The chunk id encoder: which chunk holds which item. */
  public static final String CHUNKS_INDEX = "chunks_index/unsharded";

  /** The tile encoder: tiled items' layout. */
  public static final String TILES_INDEX = "tiles_index/unsharded";

  /** The sequence encoder: items of each row of a sequence tensor. */
  public static final String SEQUENCE_INDEX = "sequence_index/unsharded";

  /** The link creds encoder: credentials key of each item of a link tensor. */
  public static final String CREDS_INDEX = "creds_index/unsharded";

  /** The pad encoder: rows added by padding. */
  public static final String PAD_INDEX = "pad_index/unsharded";

  /** The names of the chunks the node itself wrote (one line each). */
  public static final String CHUNK_SET = "chunk_set";

  /** Folder of a tensor's chunks: {@code TENSOR/chunks/CHUNK}. */
  public static final String CHUNKS = "chunks";

  /**
   * Folder of a tensor's vector index files: {@code TENSOR/vdb_indexes/FILE} ({@link VdbIndexes}).
   */
  public static final String VDB_INDEXES = "vdb_indexes";

  // ---- key builders ----

  /** {@code versions/COMMIT_ID/}: the folder of a node other than the first. */
  public static String versionFolder(String commitId) {
    return VERSIONS_FOLDER + commitId + "/";
  }

  /** {@code TENSOR/file}, for a per-tensor file name of this class. */
  public static String tensorFile(String tensorKey, String file) {
    return tensorKey + "/" + file;
  }

  /** {@code TENSOR/tensor_meta.json}. */
  public static String tensorMeta(String tensorKey) {
    return tensorFile(tensorKey, TENSOR_META);
  }

  /** {@code TENSOR/tensor_info.json}. */
  public static String tensorInfo(String tensorKey) {
    return tensorFile(tensorKey, TENSOR_INFO);
  }

  /** {@code TENSOR/commit_diff}. */
  public static String commitDiff(String tensorKey) {
    return tensorFile(tensorKey, COMMIT_DIFF);
  }

  /** {@code TENSOR/chunk_set}. */
  public static String chunkSet(String tensorKey) {
    return tensorFile(tensorKey, CHUNK_SET);
  }

  /** {@code TENSOR/chunks_index/unsharded}. */
  public static String chunksIndex(String tensorKey) {
    return tensorFile(tensorKey, CHUNKS_INDEX);
  }

  /** {@code TENSOR/tiles_index/unsharded}. */
  public static String tilesIndex(String tensorKey) {
    return tensorFile(tensorKey, TILES_INDEX);
  }

  /** {@code TENSOR/sequence_index/unsharded}. */
  public static String sequenceIndex(String tensorKey) {
    return tensorFile(tensorKey, SEQUENCE_INDEX);
  }

  /** {@code TENSOR/creds_index/unsharded}. */
  public static String credsIndex(String tensorKey) {
    return tensorFile(tensorKey, CREDS_INDEX);
  }

  /** {@code TENSOR/pad_index/unsharded}. */
  public static String padIndex(String tensorKey) {
    return tensorFile(tensorKey, PAD_INDEX);
  }

  /** {@code TENSOR/chunks/NAME}: the chunk object named {@code chunkName} (hex id). */
  public static String chunk(String tensorKey, String chunkName) {
    return tensorKey + "/" + CHUNKS + "/" + chunkName;
  }

  /** {@code TENSOR/vdb_indexes/}: the folder of the tensor's vector index files. */
  public static String vdbIndexes(String tensorKey) {
    return tensorKey + "/" + VDB_INDEXES + "/";
  }

  /**
   * The name of a hidden companion tensor: {@code GROUP/_LEAF_KIND} ({@code _x_id}, {@code
   * _x_shape}, {@code _x_info}, ...), where {@code groupPrefix} is {@code ""} or ends with {@code
   * /}.
   */
  public static String companion(String groupPrefix, String leaf, String kind) {
    return groupPrefix + "_" + leaf + "_" + kind;
  }
}
