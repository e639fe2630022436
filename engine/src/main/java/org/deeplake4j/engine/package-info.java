/**
 * The engine's public API: thin handles over the internal layers (see {@code
 * docs/architecture.md}).
 *
 * <ul>
 *   <li>{@link org.deeplake4j.engine.Dataset}: open, create, copy, delete datasets; tensors, rows,
 *       version control ({@code commit}, {@code checkout}, {@code merge}, {@code diff}, {@code
 *       log}), queries and views. One handle is used by one thread at a time for writes; its public
 *       methods synchronize on the handle.
 *   <li>{@link org.deeplake4j.engine.Tensor}: one tensor at the handle's version; reads samples
 *       ({@code numpy}, {@code text}, {@code json}, {@code bytes}, ranges) and writes through its
 *       dataset.
 *   <li>{@link org.deeplake4j.engine.DatasetView}, {@link org.deeplake4j.engine.TensorView}, {@link
 *       org.deeplake4j.engine.Row}: query results, slices and filters; {@link
 *       org.deeplake4j.engine.ViewEntry}: saved views.
 *   <li>{@link org.deeplake4j.engine.TensorSpec}, {@link org.deeplake4j.engine.Samples}, {@link
 *       org.deeplake4j.engine.OpenOptions}, {@link org.deeplake4j.engine.DatasetPath}: values
 *       passed in.
 *   <li>{@link org.deeplake4j.engine.Tql}, {@link org.deeplake4j.engine.RowCondition}: TQL entry
 *       points over a dataset (the language itself is in {@code org.deeplake4j.engine.tql}).
 * </ul>
 *
 * <p>Other public packages: {@code errors} (exceptions), {@code types} (values such as {@code
 * NdArray}), {@code tql} (the query language), {@code storage} (the storage SPI), {@code filter},
 * {@code scan}, {@code records} (helpers for adapters). Everything under {@code internal} is not
 * API.
 */
package org.deeplake4j.engine;
