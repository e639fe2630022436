/**
 * The Tensor Query Language of Deep Lake 3.x: {@code SELECT * [WHERE] [ORDER BY] [LIMIT [OFFSET]]}
 * and set operations over one dataset or view, including vector search ({@code ORDER BY
 * COSINE_SIMILARITY(embedding, ARRAY[...]) DESC LIMIT k}); part 2: select lists with computed
 * columns, {@code GROUP BY} with aggregates, {@code UNGROUP BY}, {@code EXPAND BY} and weighted
 * sampling ({@code SAMPLE BY MAX_WEIGHT(cond: w, ...) REPLACE ... LIMIT n}, seeded through {@link
 * org.deeplake4j.engine.tql.QueryOptions}).
 *
 * <p>Pipeline: {@code Lexer} and {@code Parser} build the public typed AST ({@link
 * org.deeplake4j.engine.tql.Query}, {@link org.deeplake4j.engine.tql.Expr}); {@code Binder}
 * resolves it against the dataset's schema into typed {@code Node}s (tensors, functions, class
 * names, constants folded); {@code Executor} plans the scan and evaluates column at a time ({@code
 * VNode}: primitive loops over chunk-decoded arrays for numeric predicates and vector functions)
 * with a row-at-a-time fallback ({@code RowEval}, {@code Ops}) for everything else; {@code
 * Pipeline} adds the part 2 clauses around the row selection (group keys, aggregates and sample
 * weights evaluated with the same {@code VNode}s). Results are {@link
 * org.deeplake4j.engine.tql.QueryResult}s (rows, groups, sequence items, {@link
 * org.deeplake4j.engine.tql.ResultColumn}s). Errors are {@link
 * org.deeplake4j.engine.tql.TqlSyntaxException} and {@link
 * org.deeplake4j.engine.tql.TqlSemanticException}. Entry point: {@link
 * org.deeplake4j.engine.tql.Tql}; {@code Dataset.query} returns a view. A row-filter-only query
 * ({@link org.deeplake4j.engine.tql.Query#isRowFilterOnly()}) can also be evaluated piece by piece
 * over row ranges with a {@link org.deeplake4j.engine.tql.RowCondition} (one per reader, e.g. one
 * per task of a distributed scan).
 */
package org.deeplake4j.engine.tql;
