/**
 * Version control: the version tree ({@link org.deeplake4j.engine.internal.version.VersionGraph}),
 * the versioned-key rule, copy-on-write chunk resolution, diffs, and the write lock in Deep Lake
 * 3.x's format ({@link org.deeplake4j.engine.internal.version.DatasetLock}).
 */
package org.deeplake4j.engine.internal.version;
