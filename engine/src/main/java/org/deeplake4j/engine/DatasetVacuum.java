package org.deeplake4j.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.internal.version.Vacuum;
import org.deeplake4j.engine.storage.Storage;

/**
 * Vacuum: deletes what no version of a dataset references ({@code docs/commit-protocol.md} §5):
 * chunk files no node of the version tree reaches, the files of version folders the tree does not
 * contain, vector index files in a node's folder that the node's tensor_meta.json does not list,
 * and expired leases of writers that died; only files older than a given age, so a running writer's
 * staged files survive. Saved views and lock files of live HEADs are never touched.
 */
public final class DatasetVacuum {
  private DatasetVacuum() {}

  /**
   * One deleted (or, in a dry run, deletable) file.
   *
   * @param key storage key
   * @param size bytes
   * @param chunk whether it is a chunk file (else another file of an unreferenced version, of an
   *     unlisted vector index, or a lease)
   */
  public record DeletedFile(String key, long size, boolean chunk) {}

  /**
   * Vacuums the dataset in {@code storage} as of now.
   *
   * @param olderThan only files last modified longer ago than this are deleted
   * @param dryRun list what would be deleted; delete nothing
   * @return the files deleted (or that would be), sorted by key
   */
  public static List<DeletedFile> run(Storage storage, Duration olderThan, boolean dryRun) {
    return run(storage, olderThan, dryRun, Instant.now());
  }

  /**
   * Vacuums the dataset in {@code storage} as of {@code now}.
   *
   * @param olderThan only files last modified before {@code now - olderThan} are deleted
   * @param dryRun list what would be deleted; delete nothing
   * @return the files deleted (or that would be), sorted by key
   */
  public static List<DeletedFile> run(
      Storage storage, Duration olderThan, boolean dryRun, Instant now) {
    List<DeletedFile> out = new ArrayList<>();
    for (Vacuum.Entry e : Vacuum.run(storage, olderThan, dryRun, now)) {
      out.add(new DeletedFile(e.key(), e.size(), e.chunk()));
    }
    return List.copyOf(out);
  }
}
