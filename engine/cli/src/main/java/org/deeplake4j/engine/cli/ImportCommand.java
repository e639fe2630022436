package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.storage.StorageResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deeplake import}: appends the rows of a JSON Lines file to a dataset (created from the
 * schema when PATH holds none).
 *
 * <p>All or nothing: the schema and every row are read and converted first (no dataset is touched
 * before a row is refused), then the rows are appended; should the engine refuse one (an image that
 * does not decode, a sample whose number of dimensions differs from the tensor's, ...), the writes
 * staged so far are discarded ({@link Dataset#discardChanges()}), so an existing dataset is left as
 * it was and a new one is removed. The rows are held in memory until written.
 */
@Command(
    name = "import",
    description = {
      "Appends the rows of ROWS.jsonl (one JSON object {tensor: value} per line) to the dataset at"
          + " PATH on branch --ref (default main). A new dataset is created with the tensors of"
          + " SCHEMA.json, {\"tensors\": [{\"name\", \"htype\", \"dtype\", \"sample_compression\","
          + " \"chunk_compression\", \"class_names\", \"max_chunk_size\", \"tiling_threshold\","
          + " \"hidden\"}]} (absent keys: Python's defaults); an existing one must match it.",
      "Values: numbers or nested arrays (the nesting is the shape) of the tensor's dtype; strings"
          + " for text; any JSON for json; arrays for list; label indices or class names for"
          + " class_label; {\"base64\": ..., \"shape\": [...]} compressed files (images: PNG,"
          + " JPEG, ...); path strings for link[...]; arrays of items for sequence[...]; null or"
          + " an absent key: an empty sample. A value its tensor cannot hold as written is"
          + " refused, never changed: integers out of range or inexact in a float dtype, floats"
          + " that overflow, fractions into integers, booleans into numbers, lone UTF-16"
          + " surrogates in strings.",
      "All or nothing: a malformed line or a value that does not fit its tensor is reported with"
          + " its line number and nothing is written. Prints nothing, or with --commit the commit"
          + " id."
    })
final class ImportCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Mixin BranchArgs target;

  @Option(
      names = "--schema",
      required = true,
      paramLabel = "SCHEMA.json",
      description = "Tensor definitions (required, also when appending: it is checked).")
  Path schemaFile;

  @Option(
      names = "--jsonl",
      required = true,
      paramLabel = "ROWS.jsonl",
      description = "The rows, one JSON object per line (blank lines are skipped).")
  Path rowsFile;

  @Option(
      names = "--commit",
      paramLabel = "MSG",
      description = "Commit after the import with this message and print the commit id.")
  String commitMessage;

  /** One converted row: its line number, and the values of visible and hidden tensors. */
  private record Row(long line, Map<String, Object> visible, Map<String, Object> hidden) {}

  @Override
  public Integer call() {
    String branch = target.branch();
    String path = target.datasetPath();
    ImportSchema schema = ImportSchema.read(schemaFile);
    if (Dataset.exists(path)) {
      try (Dataset ds = BranchArgs.openBranch(path, branch, target.lock)) {
        List<String> diff = schema.differences(ds);
        if (!diff.isEmpty()) {
          throw new DeepLakeCli.CliException(
              schemaFile
                  + " does not match the dataset at "
                  + path
                  + " (branch "
                  + branch
                  + "): "
                  + String.join("; ", diff));
        }
        List<Row> rows = readRows(schema.targets(ds));
        write(ds, rows, false);
        finish(ds, rows.size());
      }
      return 0;
    }
    if (!"main".equals(branch)) {
      throw new DeepLakeCli.CliException(
          "no dataset at "
              + path
              + ", so no branch '"
              + branch
              + "' (a new dataset has only main)");
    }
    Optional<Path> dir = localDir(path);
    boolean dirExisted = dir.isPresent() && Files.exists(dir.get());
    if (dirExisted) {
      checkEmptyDir(dir.get(), path);
    }
    List<Row> rows = readRows(schema.targets());
    Dataset ds = Dataset.create(path);
    try {
      for (ImportSchema.TensorDef d : schema.defs) {
        ds.createTensor(d.name(), d.spec());
      }
      write(ds, rows, true);
    } catch (RuntimeException e) {
      removeNew(ds, path, dir, dirExisted, e);
      throw e;
    }
    try {
      finish(ds, rows.size());
    } finally {
      ds.close();
    }
    return 0;
  }

  /** Reads and converts every row; nothing is written. */
  private List<Row> readRows(Map<String, ImportSchema.Target> targets) {
    String file = rowsFile.toString();
    List<Row> rows = new ArrayList<>();
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(rowsFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        rows.add(convertRow(file, n, line, targets));
      }
    } catch (NoSuchFileException e) {
      throw new DeepLakeCli.CliException("cannot read rows " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new DeepLakeCli.CliException(file + " line " + (n + 1) + ": not UTF-8 text");
    } catch (IOException e) {
      throw new DeepLakeCli.CliException("cannot read rows " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static Row convertRow(
      String file, long n, String line, Map<String, ImportSchema.Target> targets) {
    String where = file + " line " + n + ": ";
    JsonNode o;
    try {
      o = ImportValues.ROW_JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new DeepLakeCli.CliException(where + "malformed JSON: " + ImportSchema.jsonError(e));
    }
    if (o == null || !o.isObject()) {
      throw new DeepLakeCli.CliException(
          where
              + "expected a JSON object {tensor: value}, got "
              + (o == null ? "nothing" : ImportValues.show(o)));
    }
    Map<String, Object> visible = new LinkedHashMap<>();
    Map<String, Object> hidden = new LinkedHashMap<>();
    for (var it = o.fields(); it.hasNext(); ) {
      var e = it.next();
      ImportSchema.Target t = targets.get(e.getKey());
      if (t == null) {
        throw new DeepLakeCli.CliException(
            where
                + "no tensor '"
                + e.getKey()
                + "' in the schema (tensors: "
                + String.join(", ", targets.keySet())
                + ")");
      }
      Object v;
      try {
        v = ImportValues.convert(e.getValue(), t);
      } catch (ImportValues.ValueException x) {
        throw new DeepLakeCli.CliException(
            where + "tensor '" + t.name() + "' (" + t.typeLabel() + "): " + x.getMessage());
      }
      (t.hidden() ? hidden : visible).put(t.name(), v);
    }
    for (ImportSchema.Target t : targets.values()) {
      if (t.hidden() && !hidden.containsKey(t.name())) {
        hidden.put(t.name(), null); // Dataset.append(Map) pads visible tensors only
      }
    }
    return new Row(n, visible, hidden);
  }

  /**
   * Appends the rows (staged in memory until the final flush). On a refusal the staged writes are
   * discarded and the error names the row's line; nothing reads the dataset in between, since a
   * read would flush.
   */
  private void write(Dataset ds, List<Row> rows, boolean created) {
    for (Row row : rows) {
      try {
        ds.append(row.visible());
        for (Map.Entry<String, Object> h : row.hidden().entrySet()) {
          ds.append(h.getKey(), h.getValue());
        }
      } catch (RuntimeException e) {
        ds.discardChanges();
        throw new DeepLakeCli.CliException(
            rowsFile
                + " line "
                + row.line()
                + ": "
                + DeepLakeCli.describe(e, cli.verbose)
                + (created ? " (the new dataset was not created)" : " (nothing was written)"),
            e);
      }
    }
  }

  /** Writes the rows, and commits with --commit (printing the id). */
  private void finish(Dataset ds, int rows) {
    if (commitMessage == null) {
      ds.flush();
      return;
    }
    String id;
    try {
      id = ds.commit(commitMessage);
    } catch (RuntimeException e) {
      throw new DeepLakeCli.CliException(
          "imported "
              + rows
              + " rows, but the commit failed (they stay uncommitted): "
              + DeepLakeCli.describe(e, cli.verbose),
          e);
    }
    cli.out.println(id);
  }

  /** The local directory of a dataset path, or empty for a URL of another storage. */
  private static Optional<Path> localDir(String path) {
    String scheme = StorageResolver.schemeOf(path);
    if (scheme.isEmpty()) {
      return Optional.of(Path.of(path));
    }
    if (scheme.equals("file")) {
      return Optional.of(Path.of(java.net.URI.create(path)));
    }
    return Optional.empty();
  }

  private static void checkEmptyDir(Path dir, String path) {
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    } catch (IOException e) {
      throw new DeepLakeCli.CliException(
          path + " exists and is not a Deep Lake dataset (no dataset_meta.json)");
    }
    if (!empty) {
      throw new DeepLakeCli.CliException(
          path
              + " is a non-empty directory without a Deep Lake dataset (no dataset_meta.json);"
              + " import creates datasets in new or empty directories");
    }
  }

  /** Removes a dataset this run created, after a failure {@code cause}. */
  private static void removeNew(
      Dataset ds, String path, Optional<Path> dir, boolean dirExisted, RuntimeException cause) {
    try {
      ds.discardChanges();
      ds.close();
      Dataset.delete(path);
      if (dir.isPresent() && !dirExisted) {
        Files.deleteIfExists(dir.get());
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
