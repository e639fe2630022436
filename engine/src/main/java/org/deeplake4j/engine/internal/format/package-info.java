/**
 * Internal: the Deep Lake 3.x format's bytes and JSON (see {@code
 * ../shared/format/DEEPLAKE_V3_FORMAT.md}): dataset and tensor metas ({@code TensorMeta} for
 * reading, {@code TensorMetaBuilder} for writing, {@code MetaTemplates} for the keys Python writes
 * per htype, {@code Htypes}), chunks and their encoders, commit and dataset diffs, codecs (lz4,
 * images), Python-compatible JSON ({@code HubJson}, {@code MetaJson}), linked credentials, what a
 * meta says about Python's vector indexes ({@code VdbIndexes}), and {@code Layout}, the one home of
 * the layout's key names. Not API. Depends on {@code errors}, {@code types} and {@code storage}.
 */
package org.deeplake4j.engine.internal.format;
