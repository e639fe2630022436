package org.deeplake4j.engine.types;

import java.util.List;

/**
 * One node of the version tree: a commit, or a branch's uncommitted HEAD ({@code commitTime ==
 * null}). Immutable.
 *
 * @param id 40-hex commit id (or the first commit's fixed id {@code
 *     firstdbf9474d461a19e9333c2fd19b46115348f})
 * @param branch branch the node belongs to
 * @param parent parent id, null only for the root
 * @param children child ids
 * @param message commit message, null for HEAD nodes
 * @param commitTime seconds since the epoch as Python wrote it (shifted by the writer's UTC offset:
 *     Python stores naive UTC read as local time), null for HEAD nodes
 * @param userName committer, null for HEAD nodes
 * @param isCheckpoint transform checkpoint flag
 * @param totalSamplesProcessed transform progress counter
 */
public record CommitNode(
    String id,
    String branch,
    String parent,
    List<String> children,
    String message,
    Double commitTime,
    String userName,
    boolean isCheckpoint,
    long totalSamplesProcessed) {

  public CommitNode {
    children = List.copyOf(children);
  }

  /** Whether this is an uncommitted HEAD node. */
  public boolean isHead() {
    return commitTime == null;
  }
}
