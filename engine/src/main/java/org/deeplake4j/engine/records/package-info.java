/**
 * {@link org.deeplake4j.engine.records.Records}: samples, tensors, versions and commit graphs as
 * JSON records in the layout of the reference fixtures' {@code expected.json} (written by Python
 * deeplake 3.9.52). What {@code bin/deeplake dump} and {@code info --json} print and what the
 * conformance and interop tests of the engine, the CLI and the connector compare. A public helper
 * over the root package's {@link org.deeplake4j.engine.Dataset} and {@link
 * org.deeplake4j.engine.Tensor}, in the same layer as {@code filter} and {@code scan}.
 */
package org.deeplake4j.engine.records;
