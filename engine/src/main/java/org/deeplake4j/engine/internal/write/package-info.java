/**
 * The write side of a dataset handle; internal, not public API (no compatibility promises; the
 * connector and other modules use the public {@code org.deeplake4j.engine} handles).
 *
 * <p>What lives here:
 *
 * <ul>
 *   <li>{@link org.deeplake4j.engine.internal.write.DatasetCore}: the state of one open handle
 *       (storage, version tree and node, metas, write lock, staged changes, chunk cache), wrapped
 *       by the public {@code Dataset}, which supplies a {@link
 *       org.deeplake4j.engine.internal.write.HandleLayer} (dropping its cached tensor handles);
 *   <li>{@link org.deeplake4j.engine.internal.write.Lifecycle}: create, open, exists, delete, copy,
 *       rename;
 *   <li>{@link org.deeplake4j.engine.internal.write.DatasetWriter}: the write component (tensors
 *       and groups, rows: append, extend, update, pop, pad, rechunk; info; flush). A new write
 *       operation (transactions, DML, transforms, the Spark writer's commit) goes here or on top of
 *       it;
 *   <li>{@link org.deeplake4j.engine.internal.write.VersionControl}: commit, checkout, branches,
 *       reset, merge ({@link org.deeplake4j.engine.internal.write.Merger}), diff, and the commit
 *       protocol of {@code docs/commit-protocol.md} (switch, private node {@link
 *       org.deeplake4j.engine.internal.write.WriteSession}, rebase, publish). It lives here rather
 *       than in {@code internal.version} because every commit flushes and rebases staged writers;
 *       {@code internal.version} keeps the layer below (version tree, locks, the switch, diffs);
 *   <li>byte level: {@link org.deeplake4j.engine.internal.write.TensorWriter} (chunks, encoders,
 *       metas of one tensor at the node written), {@link
 *       org.deeplake4j.engine.internal.write.SampleEncoder} (Java values to stored samples, by the
 *       rule of {@link org.deeplake4j.engine.types.SampleValues}: a value the dtype cannot hold as
 *       given is refused, never changed; {@code deeplake import} uses it too), {@link
 *       org.deeplake4j.engine.internal.write.BulkEncoder} (batches of an {@code extend}: text and
 *       companion rows in one run), {@code SampleIds} (the {@code _x_id} values), {@code Tiling},
 *       {@code DatasetMetaEdits};
 *   <li>the values crossing from the public API: {@link
 *       org.deeplake4j.engine.internal.write.NewTensorSpec}, {@link
 *       org.deeplake4j.engine.internal.write.SampleFile}, {@link
 *       org.deeplake4j.engine.internal.write.SampleLink}, {@link
 *       org.deeplake4j.engine.internal.write.CoreOptions};
 *   <li>the reads the write side needs (merge, saved views, the commit's integrity check): {@link
 *       org.deeplake4j.engine.internal.write.VersionSource}, the read layer's {@code TensorReader}s
 *       of a core's version, staged changes flushed first.
 * </ul>
 *
 * <p>Layering: imports {@code errors}, {@code types}, {@code storage}, {@code internal.format},
 * {@code internal.version}, {@code internal.read}; never the root package, {@code tql}, {@code
 * filter}, {@code scan} or {@code cli}.
 */
package org.deeplake4j.engine.internal.write;
