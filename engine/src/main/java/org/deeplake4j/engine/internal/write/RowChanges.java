package org.deeplake4j.engine.internal.write;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one fragment of a write transaction changes besides appending: rows deleted and rows
 * updated, by their index at the transaction's base version (docs/commit-protocol.md §7, R8). The
 * new values of updated rows were written like appended rows of a separate in-memory dataset, whose
 * parts ({@code updateParts}) the commit reads them back from. Immutable and serializable.
 *
 * @param deletes base row indices to delete (Python's {@code ds.pop(i)})
 * @param updates updated rows: base row, row of the update parts holding the values, tensor names
 * @param updateParts the update rows' appended parts, by tensor key
 */
public record RowChanges(
    long[] deletes, List<RowUpdate> updates, Map<String, AppendedPart> updateParts)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No deletes, no updates. */
  public static final RowChanges NONE = new RowChanges(new long[0], List.of(), Map.of());

  /** Whether there is nothing to delete or update. */
  public boolean isEmpty() {
    return deletes.length == 0 && updates.isEmpty();
  }

  /**
   * One updated row.
   *
   * @param baseRow the row's index at the transaction's base version
   * @param valueRow the row of the update parts holding its new values
   * @param tensors names of the tensors updated
   */
  public record RowUpdate(long baseRow, long valueRow, List<String> tensors)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}
