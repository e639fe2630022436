package org.deeplake4j.engine.tql;

import java.util.List;

/**
 * The full result of a query: dataset rows in result order and, where the query asks for them,
 * groups, sequence items and output columns. {@link org.deeplake4j.engine.Tql#run} builds it;
 * {@code DatasetView} wraps it. Immutable after construction (arrays are not copied; callers must
 * not modify them).
 *
 * @param rows the dataset row of each result row: for GROUP BY the first member of the group
 * @param groups for GROUP BY (or aggregates), the member dataset rows of each result row, else null
 * @param items for UNGROUP BY, the position within the row's sequences of each result row, else
 *     null
 * @param columns the select list's columns, or null for {@code SELECT *}
 * @param split for UNGROUP BY, the sequence tensors split into their items (read at {@code items});
 *     else empty
 */
public record QueryResult(
    long[] rows, long[][] groups, long[] items, List<ResultColumn> columns, List<String> split) {
  public QueryResult {
    columns = columns == null ? null : List.copyOf(columns);
    split = List.copyOf(split);
  }

  /** Whether the query grouped rows (GROUP BY or aggregates). */
  public boolean grouped() {
    return groups != null;
  }
}
