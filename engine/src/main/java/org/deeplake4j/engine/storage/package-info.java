/**
 * The storage SPI: {@link org.deeplake4j.engine.storage.Storage} (a flat key-value object store
 * rooted at one dataset, with the conditional writes the commit protocol needs), its local, memory
 * and fault-injecting implementations, and {@link org.deeplake4j.engine.storage.StorageResolver},
 * which picks a backend by URL scheme and loads other backends by class name.
 */
package org.deeplake4j.engine.storage;
