/**
 * Public: the engine's exceptions. {@link org.deeplake4j.engine.errors.DeepLakeException} is the
 * one unchecked root; subclasses exist where callers branch on them (corrupt data, not found,
 * unsupported format, locked, commit conflict, commit state unknown, merge conflict, views).
 * Messages name the file, tensor and position concerned. Depends on nothing else in the engine.
 */
package org.deeplake4j.engine.errors;
