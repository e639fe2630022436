package org.deeplake4j.engine.internal.write;

import org.deeplake4j.engine.internal.format.Codecs;

/**
 * A compressed file as a sample value (the public {@code Samples.FileSample}, as the write side
 * takes it). Component names match the public record's, so JSON conversions of either agree.
 *
 * @param bytes the file's bytes (copied)
 * @param compression its format, normalized ({@code jpg} is {@code jpeg})
 * @param shape the sample's shape, or null to derive it by decoding
 */
public record SampleFile(byte[] bytes, String compression, long[] shape) {
  public SampleFile {
    bytes = bytes.clone();
    compression = Codecs.normalize(compression);
    shape = shape == null ? null : shape.clone();
  }
}
