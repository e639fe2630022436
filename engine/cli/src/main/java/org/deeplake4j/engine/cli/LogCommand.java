package org.deeplake4j.engine.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.types.CommitNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deeplake log}: the commits from the version read back to the root, newest first, in the
 * layout of Python's {@code ds.log()}; a branch HEAD with uncommitted changes is listed first.
 */
@Command(
    name = "log",
    description = {
      "Lists the commits from the version read back to the root, newest first, as Python's"
          + " ds.log() does: commit id and branch, author, time, message. A HEAD with uncommitted"
          + " changes is listed first.",
      "Times are shown as Python shows them: the stored seconds as local date-time of this"
          + " machine's time zone (Python wrote the UTC wall clock read as local time)."
    })
final class LogCommand implements Callable<Integer> {
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  @ParentCommand DeepLakeCli cli;

  @Mixin DatasetArgs dataset;

  @Override
  public Integer call() {
    try (Dataset ds = dataset.open()) {
      print(ds, cli.out, ZoneId.systemDefault());
    }
    return 0;
  }

  static void print(Dataset ds, PrintStream out, ZoneId zone) {
    out.println("---------------");
    out.println("Deep Lake Version Log");
    out.println("---------------");
    out.println();
    out.println("Current Branch: " + ds.branch());
    boolean changes = ds.hasHeadChanges();
    if (changes) {
      out.println("** There are uncommitted changes on this branch.");
    }
    out.println();
    if (changes) {
      out.println("HEAD   : " + ds.nodeId() + " (" + ds.branch() + ")");
      out.println("Status : uncommitted changes");
      out.println();
    }
    for (CommitNode c : ds.log()) {
      out.println("Commit : " + c.id() + " (" + c.branch() + ")");
      out.println("Author : " + InfoCommand.orNone(c.userName()));
      out.println("Time   : " + time(c.commitTime(), zone));
      out.println("Message: " + InfoCommand.orNone(c.message()));
      if (c.isCheckpoint()) {
        out.println("Total samples processed in transform: " + c.totalSamplesProcessed());
      }
      out.println();
    }
  }

  /**
   * ISO-8601 local date-time (to the second) of a stored {@code commit_time}, read as Python reads
   * it: {@code datetime.fromtimestamp(t)} in the reader's time zone. Python wrote {@code
   * datetime.utcnow().timestamp()}, i.e. the UTC wall clock interpreted as the writer's local time,
   * so the stored number is off by the writer's UTC offset. Reading it back in the same zone yields
   * the UTC wall clock of the commit; no zone is printed because the writer's zone is not stored.
   */
  static String time(Double seconds, ZoneId zone) {
    if (seconds == null) {
      return "None";
    }
    long s = (long) Math.floor(seconds);
    long nanos = Math.round((seconds - s) * 1e9);
    LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(s, nanos), zone);
    return t.format(ISO_SECONDS);
  }
}
