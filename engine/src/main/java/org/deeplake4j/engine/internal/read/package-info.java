/**
 * Internal: the read layer. How a tensor's samples are read at one version, and the view of a
 * dataset that the layers above read through. Not a public API: classes here may change without
 * notice; the connector and other adapters must not use them (the public handles in {@code
 * org.deeplake4j.engine} wrap them).
 *
 * <ul>
 *   <li>{@link org.deeplake4j.engine.internal.read.ChunkSource}: the one chunk source of a tensor
 *       (chunk row to key through the version chain; chunks decoded through the dataset's {@link
 *       org.deeplake4j.engine.internal.read.ChunkCache}, headers by ranged read, and uncached
 *       whole-chunk reads for scans over {@code Storage.readMapped}, memory-mapped on local files);
 *   <li>{@link org.deeplake4j.engine.internal.read.TensorReader}: one tensor at one version, every
 *       sample read (chunks, tiles, image canvases, sequences, polygons, links); {@link
 *       org.deeplake4j.engine.internal.read.RangeReader}: bulk reads over row ranges; {@code
 *       Tiles}, {@code Canvas}, {@code SampleCodec}: package-private decoding helpers;
 *   <li>{@link org.deeplake4j.engine.internal.read.ReadContext}: what a tensor reader needs from
 *       its dataset (storage, linked credentials, linked files); {@link
 *       org.deeplake4j.engine.internal.read.DatasetReader}: a dataset's tensors as readers, which
 *       TQL binds to;
 *   <li>{@link org.deeplake4j.engine.internal.read.Scratch}: pooled scratch arrays for bulk reads.
 * </ul>
 *
 * <p>Depends only on {@code errors}, {@code types}, {@code storage}, {@code internal.format} and
 * {@code internal.version}; never on the public handles.
 */
package org.deeplake4j.engine.internal.read;
