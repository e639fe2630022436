package org.deeplake4j.engine.tql;

import java.util.List;

/**
 * A parsed TQL query: one {@code SELECT *} or a set operation over two queries. Immutable; built by
 * {@link Tql#parse} (or directly, e.g. by a filter translator) and run with {@link Tql#execute}.
 */
public sealed interface Query permits Query.Select, Query.SetOperation {

  /**
   * {@code SELECT * [FROM from] [WHERE where] [ORDER BY ...] [LIMIT limit [OFFSET offset]]}.
   *
   * @param from the FROM operand as written (it has no effect: the query runs on the dataset or
   *     view it is given to), or null
   * @param where the filter, or null
   * @param orderBy sort keys, most significant first (empty: source order)
   * @param limit the maximum number of rows, or null for all
   * @param offset rows skipped before the limit applies, or null for none
   */
  record Select(String from, Expr where, List<OrderItem> orderBy, Long limit, Long offset)
      implements Query {
    public Select {
      orderBy = List.copyOf(orderBy);
    }
  }

  /** {@code left UNION|INTERSECT|EXCEPT right}. */
  record SetOperation(SetOperator operator, Query left, Query right) implements Query {}

  /** The set operators; results list rows in source order. */
  enum SetOperator {
    /** Rows in either operand. */
    UNION,
    /** Rows in both operands. */
    INTERSECT,
    /** Rows of the left operand that are not in the right one. */
    EXCEPT
  }

  /** One ORDER BY key. */
  record OrderItem(Expr expr, boolean descending) {}
}
