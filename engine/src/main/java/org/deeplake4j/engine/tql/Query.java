package org.deeplake4j.engine.tql;

import java.util.List;

/**
 * A parsed TQL query: one {@code SELECT} or a set operation over two queries. Immutable; built by
 * {@link org.deeplake4j.engine.Tql#parse} (or directly, e.g. by a filter translator) and run with
 * {@link org.deeplake4j.engine.Tql#execute}.
 */
public sealed interface Query permits Query.Select, Query.SetOperation {

  /**
   * Whether this query only selects rows by a condition, each row on its own: {@code SELECT * [FROM
   * x] [WHERE cond]} without ORDER BY, LIMIT, OFFSET, SAMPLE BY, EXPAND BY, GROUP BY or UNGROUP BY,
   * and not a set operation. Such a query can be evaluated over any part of the rows independently
   * ({@link org.deeplake4j.engine.RowCondition}); the others need all rows at once.
   */
  default boolean isRowFilterOnly() {
    return false;
  }

  /**
   * Whether the result is source rows as they are (some of them, in some order): no select list,
   * aggregate, GROUP BY or UNGROUP BY anywhere in the query. The others shape their result
   * (computed columns, groups, sequence items).
   */
  boolean selectsRows();

  /**
   * {@code SELECT items [FROM from] [WHERE where] [EXPAND BY ...] [GROUP BY ...] [UNGROUP BY ...]
   * [SAMPLE BY ...] [ORDER BY ...] [LIMIT limit [OFFSET offset]]}.
   *
   * @param items the select list; empty for {@code SELECT *}
   * @param from the FROM operand as written (it has no effect: the query runs on the dataset or
   *     view it is given to), or null
   * @param where the filter, or null
   * @param expand {@code EXPAND BY before after}, or null
   * @param groupBy GROUP BY expressions (empty: no grouping)
   * @param ungroupBy UNGROUP BY tensors (empty: none)
   * @param sample SAMPLE BY, or null; its sample size is {@code limit}
   * @param orderBy sort keys, most significant first (empty: source order)
   * @param limit the maximum number of rows (the number of draws with SAMPLE BY), or null for all
   * @param offset rows skipped before the limit applies, or null for none
   */
  record Select(
      List<SelectItem> items,
      String from,
      Expr where,
      Expand expand,
      List<Expr> groupBy,
      List<Expr> ungroupBy,
      Sample sample,
      List<OrderItem> orderBy,
      Long limit,
      Long offset)
      implements Query {
    public Select {
      items = List.copyOf(items);
      groupBy = List.copyOf(groupBy);
      ungroupBy = List.copyOf(ungroupBy);
      orderBy = List.copyOf(orderBy);
    }

    /** {@code SELECT * [FROM from] [WHERE where] [ORDER BY ...] [LIMIT limit [OFFSET offset]]}. */
    public Select(String from, Expr where, List<OrderItem> orderBy, Long limit, Long offset) {
      this(List.of(), from, where, null, List.of(), List.of(), null, orderBy, limit, offset);
    }

    /** Whether this is {@code SELECT *}. */
    public boolean selectsAll() {
      return items.isEmpty();
    }

    @Override
    public boolean selectsRows() {
      return selectsAll() && groupBy.isEmpty() && ungroupBy.isEmpty();
    }

    @Override
    public boolean isRowFilterOnly() {
      return selectsAll()
          && expand == null
          && groupBy.isEmpty()
          && ungroupBy.isEmpty()
          && sample == null
          && orderBy.isEmpty()
          && limit == null
          && offset == null;
    }
  }

  /** {@code left UNION|INTERSECT|EXCEPT right}. */
  record SetOperation(SetOperator operator, Query left, Query right) implements Query {
    @Override
    public boolean selectsRows() {
      return left.selectsRows() && right.selectsRows();
    }
  }

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

  /**
   * One item of a select list: an expression and its output name ({@code AS alias}, or null when
   * none was written: then a tensor keeps its name and any other expression is named by its text).
   */
  record SelectItem(Expr expr, String alias) {}

  /** {@code EXPAND BY before after}: each matching row brings this many neighbours either side. */
  record Expand(long before, long after) {}

  /** How SAMPLE BY turns weighted conditions into one weight per row. */
  enum WeightChoice {
    /** A single weight expression, {@code SAMPLE BY expr}. */
    EXPR,
    /** {@code MAX_WEIGHT(cond: w, ...)}: the largest weight among the true conditions, else 0. */
    MAX_WEIGHT,
    /** {@code SUM_WEIGHT(cond: w, ...)}: the sum of the weights of the true conditions. */
    SUM_WEIGHT
  }

  /** {@code condition: weight} inside MAX_WEIGHT / SUM_WEIGHT. */
  record Weighted(Expr condition, Expr weight) {}

  /**
   * {@code SAMPLE BY weights [REPLACE bool]}: draws rows with probabilities proportional to their
   * weights.
   *
   * @param choice how the weight of a row is computed
   * @param weight the weight expression when {@code choice} is {@link WeightChoice#EXPR}, else null
   * @param weighted the conditions and weights of MAX_WEIGHT / SUM_WEIGHT (else empty)
   * @param replace whether rows are drawn with replacement (Deep Lake's default: true)
   */
  record Sample(WeightChoice choice, Expr weight, List<Weighted> weighted, boolean replace) {
    public Sample {
      weighted = List.copyOf(weighted);
    }
  }
}
