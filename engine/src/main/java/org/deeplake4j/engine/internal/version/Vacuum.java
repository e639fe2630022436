package org.deeplake4j.engine.internal.version;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.VdbIndexes;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;

/**
 * Deletes what no version of a dataset references ({@code docs/commit-protocol.md} §5): chunk files
 * that no node of the version tree reaches (through its chunk-id encoders resolved along its {@code
 * chunk_set} chain, or any {@code chunk_set} entry), and every file in the folder of a node the
 * tree does not contain (private nodes of sessions that never published, HEADs replaced by a
 * publish, staged HEADs of lost switches), but only files older than a given age: a running
 * writer's staged files are younger than its session and survive. Expired leases of Java writers
 * that died are deleted too. Saved views ({@code .queries/}) and lock files of live HEADs are never
 * touched.
 *
 * <p>Vector index files ({@link VdbIndexes}) in the folder of a node of the tree are kept while
 * that node's tensor_meta lists their index (indra reads an index from the folder of the node whose
 * meta lists it, and only from there); the files of an index it no longer lists (dropped by a write
 * this engine made, or a leftover of a Python {@code delete_vdb_index} or of an index build that
 * died) are garbage, with the same age rule.
 *
 * <p>What is garbage is decided from the version tree and each tensor's own keys, never from a
 * folder's name alone: the first commit's files sit at the root, so a tensor or group named {@code
 * versions} (which Python accepts) has files under {@code versions/} that belong to no version
 * folder. A key under {@code versions/<x>/} with {@code x} not a node is deleted only when it is
 * not a file of a tensor of the root (a tensor key some node lists, followed by one of the
 * per-tensor files or folders of the layout).
 */
public final class Vacuum {
  private static final Pattern CHUNK =
      Pattern.compile("^(versions/[^/]+/)?(.+)/chunks/([0-9a-f]+)$");
  private static final Pattern VERSION_FOLDER = Pattern.compile("^versions/([^/]+)/");

  /** The per-tensor files and folders of the layout (format spec 1.3): {@code <T>/<entry>...}. */
  private static final Set<String> TENSOR_ENTRIES =
      Set.of(
          "tensor_meta.json",
          "tensor_info.json",
          "chunks",
          "chunks_index",
          "tiles_index",
          "sequence_index",
          "pad_index",
          "creds_index",
          "chunk_set",
          "commit_diff",
          Layout.VDB_INDEXES);

  private Vacuum() {}

  /**
   * One deleted (or, in a dry run, deletable) file.
   *
   * @param key storage key
   * @param size bytes
   * @param chunk whether it is a chunk file (else another file: of an unreferenced version, of a
   *     vector index no node lists, or a lease)
   */
  public record Entry(String key, long size, boolean chunk) {}

  /**
   * Runs vacuum.
   *
   * @param olderThan only files last modified before {@code now - olderThan} are deleted
   * @param dryRun list without deleting
   * @return the files deleted (or that would be), sorted by key
   */
  public static List<Entry> run(Storage storage, Duration olderThan, boolean dryRun, Instant now) {
    VersionGraph g = VersionGraph.load(storage);
    Set<String> tensorKeys = new HashSet<>();
    Map<String, List<String>> indexFolders = new HashMap<>();
    Set<String> referenced = referencedChunks(storage, g, tensorKeys, indexFolders);
    Map<String, Optional<Set<String>>> listedIndexes = new HashMap<>();
    Instant cutoff = now.minus(olderThan);
    List<Entry> out = new ArrayList<>();
    double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
    for (String key : storage.list("")) {
      if (key.startsWith(".queries/")) {
        continue;
      }
      if (DatasetLock.isLeaseKey(key)) {
        // Leases of writers that died: expired, and not rewritten for longer than the age.
        double expires = DatasetLock.leaseExpiry(storage, key);
        Optional<ObjectMetadata> md = storage.metadata(key);
        if (expires < nowSeconds && md.isPresent() && md.get().lastModified().isBefore(cutoff)) {
          out.add(new Entry(key, md.get().size(), false));
        }
        continue;
      }
      boolean chunk = CHUNK.matcher(key).matches();
      boolean deletable;
      String folder = key.substring(0, key.lastIndexOf('/') + 1);
      if (chunk) {
        deletable = !referenced.contains(key);
      } else if (indexFolders.containsKey(folder)) {
        // A file in TENSOR/vdb_indexes/ of a node that lists TENSOR: kept while it lists the index.
        Optional<Set<String>> ids =
            listedIndexes.computeIfAbsent(folder, f -> indexesListed(storage, indexFolders.get(f)));
        deletable =
            ids.isPresent() && !VdbIndexes.isFileOf(key.substring(folder.length()), ids.get());
      } else {
        Matcher m = VERSION_FOLDER.matcher(key);
        deletable =
            m.find() && !g.nodes().containsKey(m.group(1)) && !ofRootTensor(key, tensorKeys);
      }
      if (!deletable) {
        continue;
      }
      Optional<ObjectMetadata> md = storage.metadata(key);
      if (md.isEmpty() || !md.get().lastModified().isBefore(cutoff)) {
        continue;
      }
      out.add(new Entry(key, md.get().size(), chunk));
    }
    if (!dryRun) {
      for (Entry e : out) {
        storage.delete(e.key());
      }
    }
    return out;
  }

  /**
   * Whether {@code key} is a file of a tensor stored at the root (first commit) under one of {@code
   * tensorKeys}: the tensor key, then a per-tensor file or folder of the layout.
   */
  private static boolean ofRootTensor(String key, Set<String> tensorKeys) {
    for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
      if (tensorKeys.contains(key.substring(0, slash))) {
        int next = key.indexOf('/', slash + 1);
        String entry = next < 0 ? key.substring(slash + 1) : key.substring(slash + 1, next);
        if (TENSOR_ENTRIES.contains(entry)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The ids of the vector indexes listed by the tensor_meta files {@code metaKeys} (a folder of
   * index files can belong to several readings of its key, such as node {@code X}'s tensor {@code
   * t} and a root tensor {@code versions/X/t}: the indexes of all count); empty when one of them is
   * missing, so that nothing of the folder is deleted.
   */
  private static Optional<Set<String>> indexesListed(Storage storage, List<String> metaKeys) {
    Set<String> out = new HashSet<>();
    for (String metaKey : metaKeys) {
      Optional<byte[]> b = storage.getIfExists(metaKey);
      if (b.isEmpty()) {
        return Optional.empty();
      }
      out.addAll(VdbIndexes.ids(Json.parse(b.get(), metaKey)));
    }
    return Optional.of(out);
  }

  /**
   * Storage keys of every chunk some node of {@code g} references; adds the key of every tensor
   * some node lists to {@code tensorKeys}, and maps the folder of vector index files of each such
   * (node, tensor) pair ({@code NODE_FOLDER/TENSOR/vdb_indexes/}) to the tensor_meta keys that list
   * its indexes to {@code indexFolders}.
   */
  static Set<String> referencedChunks(
      Storage storage,
      VersionGraph g,
      Set<String> tensorKeys,
      Map<String, List<String>> indexFolders) {
    Set<String> out = new HashSet<>();
    for (CommitNode n : g.nodes().values()) {
      List<String> chain = g.chain(n.id());
      String metaKey = VersionKeys.at(n.id(), "dataset_meta.json");
      Optional<byte[]> mb = storage.getIfExists(metaKey);
      if (mb.isEmpty()) {
        continue;
      }
      DatasetMeta meta = DatasetMeta.parse(mb.get(), metaKey);
      Set<String> keys = new HashSet<>(meta.tensors());
      tensorKeys.addAll(meta.tensors());
      for (String t : meta.tensors()) {
        indexFolders
            .computeIfAbsent(VersionKeys.at(n.id(), Layout.vdbIndexes(t)), f -> new ArrayList<>())
            .add(VersionKeys.at(n.id(), Layout.tensorMeta(t)));
      }
      // Tensors deleted at this node may still have a chunk_set here: keep what it names.
      if (!VersionGraph.FIRST_COMMIT_ID.equals(n.id())) {
        String prefix = "versions/" + n.id() + "/";
        for (String k : storage.list(prefix)) {
          if (k.endsWith("/chunk_set")) {
            keys.add(k.substring(prefix.length(), k.length() - "/chunk_set".length()));
          }
        }
      }
      for (String tensor : keys) {
        ChunkLocator loc = new ChunkLocator(storage, chain, tensor);
        String encKey = VersionKeys.at(n.id(), Layout.chunksIndex(tensor));
        storage
            .getIfExists(encKey)
            .ifPresent(
                b -> {
                  ChunkIdEncoder e = ChunkIdEncoder.parse(b, encKey);
                  for (int r = 0; r < e.rows(); r++) {
                    out.add(loc.keyOf(ChunkIdEncoder.nameOf(e.id(r))));
                  }
                });
        if (!VersionGraph.FIRST_COMMIT_ID.equals(n.id())) {
          String setKey = VersionKeys.at(n.id(), tensor + "/chunk_set");
          storage
              .getIfExists(setKey)
              .ifPresent(
                  b -> {
                    String t = new String(b, StandardCharsets.UTF_8).trim();
                    if (t.isEmpty()) {
                      return;
                    }
                    for (String entry : t.split(",")) {
                      String[] p = entry.trim().split(":");
                      String commit = p.length >= 2 && !p[1].isEmpty() ? p[1] : n.id();
                      String tk = p.length == 3 && !p[2].isEmpty() ? p[2] : tensor;
                      out.add(VersionKeys.at(commit, tk + "/chunks/" + p[0]));
                    }
                  });
        }
      }
    }
    return out;
  }
}
