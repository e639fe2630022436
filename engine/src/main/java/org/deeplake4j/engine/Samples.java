package org.deeplake4j.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.Codecs;

/**
 * Sample values that are not plain arrays: files whose bytes are stored as they are (Python's
 * {@code deeplake.read}) and links ({@code deeplake.link}).
 */
public final class Samples {
  private Samples() {}

  /**
   * A compressed file (PNG, JPEG, MP4, DICOM, ...). Stored unchanged when the tensor's sample
   * compression is the file's format; {@code shape} is required for formats the engine cannot
   * decode (video, audio, medical, 3-D), else derived by decoding.
   */
  public record FileSample(byte[] bytes, String compression, long[] shape) {
    public FileSample {
      bytes = bytes.clone();
      compression = Codecs.normalize(compression);
      shape = shape == null ? null : shape.clone();
    }
  }

  /** A link to a file by path or URL, with optional named credentials. */
  public record LinkSample(String path, String credsKey) {}

  /** A file sample of known format. */
  public static FileSample file(byte[] bytes, String compression) {
    return new FileSample(bytes, compression, null);
  }

  /** A file sample of known format and shape. */
  public static FileSample file(byte[] bytes, String compression, long... shape) {
    return new FileSample(bytes, compression, shape);
  }

  /** Reads a local file; the format comes from the file name's extension. */
  public static FileSample read(Path path) {
    String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = n.endsWith(".nii.gz") ? "nii.gz" : n.substring(n.lastIndexOf('.') + 1);
    try {
      return new FileSample(Files.readAllBytes(path), ext, null);
    } catch (IOException e) {
      throw new NotFoundException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /** A link without named credentials. */
  public static LinkSample link(String path) {
    return new LinkSample(path, null);
  }

  /** A link using the named credentials {@code credsKey} (see linked_creds.json). */
  public static LinkSample link(String path, String credsKey) {
    return new LinkSample(path, credsKey);
  }
}
