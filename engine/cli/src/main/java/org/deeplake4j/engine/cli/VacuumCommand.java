package org.deeplake4j.engine.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplake4j.engine.DatasetVacuum;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code deeplake vacuum}: deletes chunk files no version references, the files of versions the
 * tree does not contain and vector index files no version lists, when older than {@code
 * --older-than}. See {@link DatasetVacuum}.
 */
@Command(
    name = "vacuum",
    description = {
      "Deletes chunk files that no version of the dataset references (walking every node's chunk-id"
          + " encoders and chunk_set files), the files of version folders the version tree"
          + " does not contain (staged by writers that never published, or replaced HEADs) and"
          + " vector index files their version's tensor_meta.json does not list, if"
          + " they are older than --older-than. Files of running writers are younger than their"
          + " session and survive: choose an age above the longest writer session. Prints one"
          + " line per file (key and size), then a summary."
    })
final class VacuumCommand implements Callable<Integer> {
  @ParentCommand DeepLakeCli cli;

  @Parameters(index = "0", paramLabel = "PATH", description = "Dataset path or URL.")
  String path;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Only delete files last modified longer ago than this: 90s, 30m, 12h, 7d, or ISO-8601"
              + " (PT1H).")
  Duration olderThan;

  @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    try (Storage s = new StorageResolver().resolve(path, java.util.Map.of(), dryRun)) {
      List<DatasetVacuum.DeletedFile> done = DatasetVacuum.run(s, olderThan, dryRun, Instant.now());
      long chunks = 0;
      long bytes = 0;
      for (DatasetVacuum.DeletedFile e : done) {
        cli.out.println((dryRun ? "would delete " : "deleted ") + e.key() + " " + e.size());
        chunks += e.chunk() ? 1 : 0;
        bytes += e.size();
      }
      cli.out.println(
          String.format(
              Locale.ROOT,
              "vacuum %s: %d unreferenced chunk file(s) and %d file(s) of unreferenced versions,"
                  + " unlisted vector indexes or dead writers, %d bytes, %s (older than %s)",
              s.root(),
              chunks,
              done.size() - chunks,
              bytes,
              dryRun ? "would be deleted" : "deleted",
              olderThan));
    }
    return 0;
  }

  /**
   * Parses {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 500ms}, {@code 0} or ISO-8601
   * (also {@code --lock-timeout}).
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String v) {
      if (v.trim().matches("0+")) {
        return Duration.ZERO;
      }
      Matcher m = SIMPLE.matcher(v.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      try {
        Duration d = Duration.parse(v.trim());
        if (d.isNegative()) {
          throw new TypeConversionException("negative duration '" + v + "'");
        }
        return d;
      } catch (java.time.format.DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + v + "' is not a duration: use 90s, 30m, 12h, 7d, 500ms, 0 or ISO-8601 like PT1H");
      }
    }
  }
}
