/**
 * Internal: the implementation of the Tensor Query Language, over the read layer ({@link
 * org.deeplake4j.engine.internal.read.DatasetReader}, never the public {@code Dataset} or {@code
 * Tensor} handles). Not a public API: the entry points are {@code org.deeplake4j.engine.Tql} and
 * {@code org.deeplake4j.engine.RowCondition}, and the language's values are in {@link
 * org.deeplake4j.engine.tql}.
 *
 * <p>Pipeline: {@code Lexer} and {@code Parser} build the public typed AST ({@link
 * org.deeplake4j.engine.tql.Query}, {@link org.deeplake4j.engine.tql.Expr}); {@code Binder}
 * resolves it against the dataset's schema into typed {@code Node}s (tensors, functions, class
 * names, constants folded); {@code Executor} plans the scan and evaluates column at a time ({@code
 * VNode}: primitive loops over chunk-decoded arrays for numeric predicates and vector functions)
 * with a row-at-a-time fallback ({@code RowEval}, {@code Ops}) for everything else; {@code
 * Pipeline} adds the part 2 clauses around the row selection (group keys, aggregates and sample
 * weights evaluated with the same {@code VNode}s). {@code TensorCol} reads a tensor for a query:
 * row at a time through its {@link org.deeplake4j.engine.internal.read.TensorReader}, in bulk
 * through its {@link org.deeplake4j.engine.internal.read.ChunkSource#scan}. {@link
 * org.deeplake4j.engine.internal.tql.TqlEngine} is what the public entry points call; {@link
 * org.deeplake4j.engine.internal.tql.BoundCondition} is a condition bound once and evaluated over
 * row ranges; {@link org.deeplake4j.engine.internal.tql.TriCondition} is the same evaluator with
 * SQL's three truth values, which the typed row filters ({@code org.deeplake4j.engine.filter})
 * compile into: one predicate evaluator for queries and filters.
 */
package org.deeplake4j.engine.internal.tql;
