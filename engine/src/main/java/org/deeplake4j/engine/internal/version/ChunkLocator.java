package org.deeplake4j.engine.internal.version;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.Quote;
import org.deeplake4j.engine.storage.InvalidKeyException;
import org.deeplake4j.engine.storage.Keys;
import org.deeplake4j.engine.storage.Storage;

/**
 * Finds the storage key of a chunk of one tensor at one version by walking the {@code chunk_set}
 * files up the commit chain (copy-on-write resolution); chunks found in no set belong to the root.
 * Each {@code chunk_set} is read at most once. Thread-safe.
 */
public final class ChunkLocator {
  private record Location(String commit, String tensorKey) {}

  private final Storage storage;
  private final List<String> chain;
  private final String tensorKey;
  private final Map<String, Map<String, Location>> sets = new HashMap<>();

  /**
   * @param chain the node being read and its ancestors, nearest first
   */
  public ChunkLocator(Storage storage, List<String> chain, String tensorKey) {
    this.storage = storage;
    this.chain = List.copyOf(chain);
    this.tensorKey = tensorKey;
  }

  /** The storage key of chunk {@code name}. */
  public String keyOf(String name) {
    for (String node : chain) {
      if (VersionGraph.FIRST_COMMIT_ID.equals(node)) {
        break;
      }
      Location loc = set(node).get(name);
      if (loc != null) {
        return chunkKey(loc.commit, loc.tensorKey, name);
      }
    }
    return chunkKey(VersionGraph.FIRST_COMMIT_ID, tensorKey, name);
  }

  private static String chunkKey(String commit, String tensorKey, String name) {
    return VersionKeys.at(commit, Layout.chunk(tensorKey, name));
  }

  private synchronized Map<String, Location> set(String node) {
    return sets.computeIfAbsent(node, this::load);
  }

  private Map<String, Location> load(String node) {
    String key = VersionKeys.at(node, Layout.chunkSet(tensorKey));
    Map<String, Location> out = new HashMap<>();
    byte[] bytes = storage.getIfExists(key).orElse(new byte[0]);
    String text = new String(bytes, StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return out;
    }
    for (String entry : text.split(",")) {
      String[] p = entry.trim().split(":");
      if (p.length == 0 || p.length > 3 || p[0].isEmpty()) {
        throw new CorruptDataException(key, "bad chunk_set entry " + Quote.text(entry.trim()));
      }
      String commit = p.length >= 2 && !p[1].isEmpty() ? p[1] : node;
      String tk = p.length == 3 && !p[2].isEmpty() ? p[2] : tensorKey;
      try {
        Keys.check(chunkKey(commit, tk, p[0]));
      } catch (InvalidKeyException e) {
        throw new CorruptDataException(
            key, "chunk_set entry " + Quote.text(entry.trim()) + " names no storage key", e);
      }
      if (p[0].contains("/") || commit.contains("/")) {
        throw new CorruptDataException(
            key, "chunk_set entry " + Quote.text(entry.trim()) + " names no storage key");
      }
      out.put(p[0], new Location(commit, tk));
    }
    return out;
  }
}
