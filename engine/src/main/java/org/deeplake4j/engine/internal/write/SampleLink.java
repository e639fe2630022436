package org.deeplake4j.engine.internal.write;

/**
 * A link as a sample value (the public {@code Samples.LinkSample}, as the write side takes it).
 * Component names match the public record's.
 *
 * @param path the linked file's path or URL
 * @param credsKey the named credentials (linked_creds.json), or null
 */
public record SampleLink(String path, String credsKey) {}
