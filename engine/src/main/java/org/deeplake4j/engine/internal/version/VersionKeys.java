package org.deeplake4j.engine.internal.version;

import org.deeplake4j.engine.internal.format.Layout;

/** The versioned-key rule: root for the first commit, {@code versions/<id>/} for every other. */
public final class VersionKeys {
  private VersionKeys() {}

  /** Storage key of the per-version key {@code key} at node {@code commitId}. */
  public static String at(String commitId, String key) {
    return VersionGraph.FIRST_COMMIT_ID.equals(commitId)
        ? key
        : Layout.versionFolder(commitId) + key;
  }
}
