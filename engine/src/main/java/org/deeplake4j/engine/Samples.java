package org.deeplake4j.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.write.SampleFile;
import org.deeplake4j.engine.internal.write.SampleLink;

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

  /**
   * {@code value} as the write side takes it: a file or link sample (also as an element of a list,
   * e.g. a sequence's items) becomes its internal form; anything else is returned as it is.
   */
  static Object toInternal(Object value) {
    if (value == null || value instanceof String || value instanceof Number) {
      return value; // the common values, without the interface checks below
    }
    if (value instanceof FileSample f) {
      return new SampleFile(f.bytes(), f.compression(), f.shape());
    }
    if (value instanceof LinkSample l) {
      return new SampleLink(l.path(), l.credsKey());
    }
    if (value instanceof List<?> list
        && list.stream().anyMatch(v -> v instanceof FileSample || v instanceof LinkSample)) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) {
        out.add(v instanceof FileSample || v instanceof LinkSample ? toInternal(v) : v);
      }
      return out;
    }
    return value;
  }

  /**
   * The values of an {@code extend} as {@link #toInternal(Object)} converts each: {@code values}
   * itself when none changes (no file or link sample, no list: the common batch of strings or
   * numbers is not copied).
   */
  static List<?> toInternalValues(List<?> values) {
    for (Object v : values) {
      if (!(v == null || v instanceof String || v instanceof Number)
          && (v instanceof FileSample || v instanceof LinkSample || v instanceof List<?>)) {
        List<Object> in = new ArrayList<>(values.size());
        for (Object x : values) {
          in.add(toInternal(x));
        }
        return in;
      }
    }
    return values;
  }

  /** Every value of {@code row} as {@link #toInternal(Object)} converts it, in the row's order. */
  static Map<String, Object> toInternal(Map<String, ?> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    row.forEach((k, v) -> out.put(k, toInternal(v)));
    return out;
  }
}
