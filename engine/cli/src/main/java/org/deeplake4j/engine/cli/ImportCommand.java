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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.storage.StorageResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deeplake import}: appends the rows of a JSON Lines file to a dataset (created from the
 * schema when PATH holds none).
 *
 * <p>All or nothing, in bounded memory: the import is one write transaction ({@link
 * WriteTransaction}); rows are parsed, converted and appended one line at a time into one fragment
 * whose chunks stay invisible until the single commit at the end. A refused line (malformed JSON, a
 * value its tensor cannot hold, an image that does not decode, ...) aborts the transaction: its
 * chunks are deleted, an existing dataset is left as it was and a new one is removed. Several
 * imports into one branch (also into a dataset without commits) run at once and all land.
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

  @Override
  public Integer call() {
    String branch = target.branch();
    String path = target.datasetPath();
    ImportSchema schema = ImportSchema.read(schemaFile);
    if (!Files.isReadable(rowsFile)) {
      throw new DeepLakeCli.CliException("cannot read rows " + rowsFile + ": no such file");
    }
    Optional<Path> dir = localDir(path);
    boolean dirExisted = dir.isPresent() && Files.exists(dir.get());
    boolean exists = Dataset.exists(path);
    if (!exists) {
      if (!"main".equals(branch)) {
        throw new DeepLakeCli.CliException(
            "no dataset at "
                + path
                + ", so no branch '"
                + branch
                + "' (a new dataset has only main)");
      }
      if (dirExisted) {
        exists = checkEmptyDir(dir.get(), path);
      }
    }
    if (!exists) {
      // A new dataset is created only for rows that convert: a first pass reads and converts
      // every line without keeping it (bounded memory), so a refused value creates nothing.
      checkRows(schema.targets());
    }
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (ImportSchema.TensorDef d : schema.defs) {
      specs.put(d.name(), d.spec());
    }
    WriteTransaction tx;
    try {
      tx = WriteTransaction.begin(path, target.openOptions(branch), specs, null);
    } catch (RuntimeException e) {
      if (!exists && dir.isPresent() && !dirExisted && !Dataset.exists(path)) {
        removeDir(
            dir.get(), false, e); // the engine removed the dataset it created; the folder goes too
      }
      throw e;
    }
    boolean created = tx.createdDataset();
    try {
      Map<String, ImportSchema.Target> targets;
      if (created) {
        targets = schema.targets();
      } else {
        Dataset ds = tx.dataset();
        if (!DatasetArgs.isBranch(ds, branch)) {
          throw new DeepLakeCli.CliException(
              "'"
                  + branch
                  + "' is a commit, not a branch, and commits are immutable; write to a branch ("
                  + String.join(", ", ds.branches())
                  + ")");
        }
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
        targets = schema.targets(ds);
      }
      Fragment f = writeRows(tx, targets, created);
      finish(tx, f);
    } catch (RuntimeException | Error e) {
      if (e.getCause() instanceof CommitStateUnknownException) {
        tx.close(); // the rows may be published: nothing is deleted (the note says how to check)
        throw e;
      }
      abortQuietly(tx, e);
      tx.close();
      if (created) {
        removeNew(path, dir, dirExisted, e);
      }
      throw e;
    }
    tx.close();
    return 0;
  }

  /**
   * Streams the rows into one fragment of the transaction: each line is parsed, converted and
   * appended before the next is read, so memory stays bounded whatever the file's size. A refused
   * line aborts the fragment and the error names it.
   */
  private Fragment writeRows(
      WriteTransaction tx, Map<String, ImportSchema.Target> targets, boolean created) {
    FragmentWriter w = tx.newFragmentWriter();
    try {
      forEachRow(
          targets,
          row -> {
            try {
              w.append(row.visible());
              for (Map.Entry<String, Object> h : row.hidden().entrySet()) {
                w.append(h.getKey(), h.getValue());
              }
            } catch (RuntimeException e) {
              throw new DeepLakeCli.CliException(
                  rowsFile
                      + " line "
                      + row.line()
                      + ": "
                      + DeepLakeCli.describe(e, cli.verbose)
                      + (created ? " (the new dataset was not created)" : " (nothing was written)"),
                  e);
            }
          });
      return w.finish();
    } catch (RuntimeException | Error e) {
      w.abort();
      throw e;
    }
  }

  /** Reads and converts every line, keeping none; throws the first line's error. */
  private void checkRows(Map<String, ImportSchema.Target> targets) {
    forEachRow(targets, row -> {});
  }

  /** Reads the rows file line by line, converting each non-blank line for {@code sink}. */
  private void forEachRow(
      Map<String, ImportSchema.Target> targets, java.util.function.Consumer<Row> sink) {
    String file = rowsFile.toString();
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(rowsFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        n++;
        if (n == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (!line.isBlank()) {
          sink.accept(convertRow(file, n, line, targets));
        }
      }
    } catch (NoSuchFileException e) {
      throw new DeepLakeCli.CliException("cannot read rows " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new DeepLakeCli.CliException(file + " line " + (n + 1) + ": not UTF-8 text");
    } catch (IOException e) {
      throw new DeepLakeCli.CliException("cannot read rows " + file + ": " + e.getMessage(), e);
    }
  }

  /** One converted row: its line number, and the values of visible and hidden tensors. */
  private record Row(long line, Map<String, Object> visible, Map<String, Object> hidden) {}

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

  /** Commits the fragment (with --commit as a Deep Lake commit, printing its id). */
  private void finish(WriteTransaction tx, Fragment f) {
    WriteTransaction.CommitResult r;
    try {
      r = tx.commit(List.of(f), WriteTransaction.Mode.APPEND, commitMessage);
    } catch (CommitStateUnknownException e) {
      throw new DeepLakeCli.CliException(
          "imported "
              + f.rows()
              + " rows, but whether they were published is unknown (reopen the dataset to see;"
              + " transaction "
              + tx.plan().transactionId()
              + "): "
              + DeepLakeCli.describe(e, cli.verbose),
          e);
    }
    if (commitMessage != null) {
      cli.out.println(r.commitId());
    }
  }

  private static void abortQuietly(WriteTransaction tx, Throwable cause) {
    try {
      tx.abort();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
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

  /**
   * Checks that a directory without a dataset is empty; returns true when a dataset appeared there
   * meanwhile (another import creating it at the same moment).
   */
  private static boolean checkEmptyDir(Path dir, String path) {
    for (int attempt = 0; ; attempt++) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        throw new DeepLakeCli.CliException(
            path + " exists and is not a Deep Lake dataset (no dataset_meta.json)");
      }
      if (empty) {
        return false;
      }
      if (Dataset.exists(path)) {
        return true;
      }
      if (attempt == 10) {
        throw new DeepLakeCli.CliException(
            path
                + " is a non-empty directory without a Deep Lake dataset (no dataset_meta.json);"
                + " import creates datasets in new or empty directories");
      }
      try {
        Thread.sleep(50); // another import may be creating the dataset's first file right now
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeepLakeCli.CliException("interrupted");
      }
    }
  }

  /** Removes a dataset this run created, after a failure {@code cause}. */
  private static void removeNew(
      String path, Optional<Path> dir, boolean dirExisted, Throwable cause) {
    try {
      Dataset.delete(path);
      if (dir.isPresent()) {
        removeDir(dir.get(), dirExisted, cause); // empty folders of the layout too
      }
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Deletes everything under {@code dir}, and {@code dir} itself unless {@code keepDir}. */
  private static void removeDir(Path dir, boolean keepDir, Throwable cause) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!keepDir || !p.equals(dir)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
