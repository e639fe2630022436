/**
 * Public: the values of the Tensor Query Language of Deep Lake 3.x: the typed AST a query parses to
 * ({@link org.deeplake4j.engine.tql.Query}, {@link org.deeplake4j.engine.tql.Expr}, {@link
 * org.deeplake4j.engine.tql.Position}), run options ({@link
 * org.deeplake4j.engine.tql.QueryOptions}), results ({@link org.deeplake4j.engine.tql.QueryResult},
 * {@link org.deeplake4j.engine.tql.ResultColumn}) and errors ({@link
 * org.deeplake4j.engine.tql.TqlSyntaxException}, {@link
 * org.deeplake4j.engine.tql.TqlSemanticException}). The language: {@code SELECT * [WHERE] [ORDER
 * BY] [LIMIT [OFFSET]]} and set operations over one dataset or view, including vector search
 * ({@code ORDER BY COSINE_SIMILARITY(embedding, ARRAY[...]) DESC LIMIT k}); select lists with
 * computed columns, {@code GROUP BY} with aggregates, {@code UNGROUP BY}, {@code EXPAND BY} and
 * weighted sampling ({@code SAMPLE BY MAX_WEIGHT(cond: w, ...) REPLACE ... LIMIT n}); semantics in
 * {@code docs/tql.md}.
 *
 * <p>The entry points take a dataset and so live with it in {@code org.deeplake4j.engine}: {@code
 * Tql} (parse, run) and {@code RowCondition} (a row-filter-only query's condition, evaluated piece
 * by piece over row ranges, e.g. one per task of a distributed scan); {@code Dataset.query} returns
 * a view. The implementation is in {@code org.deeplake4j.engine.internal.tql}. This package depends
 * on nothing above {@code errors} and {@code types}.
 */
package org.deeplake4j.engine.tql;
