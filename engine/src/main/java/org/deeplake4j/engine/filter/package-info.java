/**
 * A typed row-filter model for reading datasets: {@link org.deeplake4j.engine.filter.RowFilter}
 * trees built by adapters (the Spark connector converts its predicates into them), bound to a
 * dataset version and evaluated with SQL's three-valued logic by {@link
 * org.deeplake4j.engine.filter.RowFilters}, which also derives the row ranges a filter can match
 * (for pruning splits). There is one predicate evaluator in the engine: a bound filter is compiled
 * into a condition of the query evaluator ({@code internal.tql.TriCondition}, a "definitely true"
 * and a "definitely false" mask per row) and evaluated there, vectorized.
 *
 * <p>The null rule lives here: a row is null in a tensor when the tensor has no sample at that row
 * (a shorter tensor), when a numeric or media sample is empty (a dimension of 0) or when a link is
 * empty; text, JSON and list samples and sequences are never null.
 */
package org.deeplake4j.engine.filter;
