/**
 * Public: immutable values of the engine's API: {@link org.deeplake4j.engine.types.NdArray} (dtype,
 * shape and little-endian element bytes), {@link org.deeplake4j.engine.types.Dtype} (numpy dtypes),
 * {@link org.deeplake4j.engine.types.Float16}, {@link org.deeplake4j.engine.types.Compression},
 * {@link org.deeplake4j.engine.types.CommitNode} (one version of a dataset's history), {@link
 * org.deeplake4j.engine.types.Htype} (the one htype registry) and {@link
 * org.deeplake4j.engine.types.TensorMetadata} (a tensor's htype, dtype, compressions, class names,
 * shapes and sizes). Depends only on {@code errors}.
 */
package org.deeplake4j.engine.types;
