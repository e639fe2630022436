package org.deeplake4j.engine.internal.version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Names a process so that another process on the same machine can prove it dead: the ground for
 * taking over a killed writer's lock at once instead of after its 300 s expiry
 * (docs/commit-protocol.md L5).
 *
 * <p>A process is named by {@code (host, pid, start)}. {@code host} is this kernel boot ({@code
 * /proc/sys/kernel/random/boot_id}, a random UUID per boot, the same in every container of the
 * machine) joined with this process's pid and time namespaces ({@code /proc/self/ns/pid}, {@code
 * /proc/self/ns/time}): two processes with the same host see the same process table and read the
 * same start times. {@code pid} is the process id in that namespace. {@code start} is the process's
 * start time in clock ticks after boot (field 22 of {@code /proc/<pid>/stat}), which no wall-clock
 * change moves and which tells a reused pid from the original process.
 *
 * <p>A named process is <b>provably dead</b> only when its host is this process's host and {@code
 * /proc/<pid>/stat} is absent, names a zombie, or names a process with another start time.
 * Everything else proves nothing: another host (machine, container, boot), an operating system
 * without {@code /proc}, a {@code /proc} that is not this process's (its {@code self} is another
 * pid) or hides other users' processes ({@code hidepid}), or a file that cannot be read.
 */
final class LocalProcess {
  private LocalProcess() {}

  /**
   * A process as its lease records it.
   *
   * @param host boot id and namespaces (see the class comment)
   * @param pid process id in the host's pid namespace
   * @param start start time, clock ticks after boot
   */
  record Name(String host, long pid, long start) {}

  private static final Path PROC = Path.of("/proc");

  private static volatile Optional<Name> self;

  /** This process's name, or empty when this machine cannot name its processes provably. */
  static Optional<Name> self() {
    Optional<Name> s = self;
    if (s == null) {
      s = computeSelf();
      self = s;
    }
    return s;
  }

  private static Optional<Name> computeSelf() {
    try {
      String boot = Files.readString(PROC.resolve("sys/kernel/random/boot_id")).strip();
      if (boot.isEmpty() || hidesProcesses()) {
        return Optional.empty();
      }
      String pidNs = Files.readSymbolicLink(PROC.resolve("self/ns/pid")).toString();
      Path timeLink = PROC.resolve("self/ns/time");
      String timeNs =
          Files.exists(timeLink, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              ? Files.readSymbolicLink(timeLink).toString()
              : "time:none"; // a kernel before time namespaces: one clock for all
      long pid = ProcessHandle.current().pid();
      String[] f = statFields(Files.readString(PROC.resolve("self/stat"), StandardCharsets.UTF_8));
      if (f == null || Long.parseLong(f[0]) != pid) {
        return Optional.empty(); // this /proc belongs to another pid namespace
      }
      return Optional.of(new Name(boot + "/" + pidNs + "/" + timeNs, pid, Long.parseLong(f[21])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code /proc} is mounted with {@code hidepid} (other users' processes hidden or
   * unreadable), so that a missing entry proves nothing.
   */
  private static boolean hidesProcesses() throws IOException {
    boolean hides = true; // no /proc mount found: prove nothing
    List<String> lines = Files.readAllLines(PROC.resolve("self/mountinfo"));
    for (String line : lines) {
      // <id> <parent> <dev> <root> <mount point> <options> [tags] - <fstype> <source> <super opts>
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      if (f.length < 5 || dash < 0 || dash + 3 >= f.length) {
        continue;
      }
      if (f[4].equals("/proc") && f[dash + 1].equals("proc")) {
        hides = false;
        for (String opt : f[dash + 3].split(",")) {
          if (opt.startsWith("hidepid=")
              && !opt.equals("hidepid=0")
              && !opt.equals("hidepid=off")) {
            hides = true;
          }
        }
        // a later mount at /proc hides an earlier one: keep looking
      }
    }
    return hides;
  }

  /**
   * The fields of a {@code /proc/<pid>/stat} line, 0-based as {@code proc(5)} numbers them from 1
   * ({@code [0]} pid, {@code [1]} command, {@code [2]} state, {@code [21]} start time); null when
   * malformed. The command may hold spaces and parentheses: it ends at the last {@code ')'}.
   */
  static String[] statFields(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 1 || close < open) {
      return null;
    }
    String[] rest = stat.substring(close + 1).strip().split(" +");
    if (rest.length < 20) {
      return null;
    }
    String[] f = new String[rest.length + 2];
    f[0] = stat.substring(0, open).strip();
    f[1] = stat.substring(open + 1, close);
    System.arraycopy(rest, 0, f, 2, rest.length);
    return f;
  }

  /** Whether process {@code n} is provably dead (see the class comment). */
  static boolean isDead(Name n) {
    Optional<Name> me = self();
    if (me.isEmpty() || n.host() == null || !n.host().equals(me.get().host()) || n.pid() <= 0) {
      return false;
    }
    if (n.pid() == me.get().pid()) {
      return n.start() != me.get().start();
    }
    String stat;
    try {
      stat = Files.readString(PROC.resolve(Long.toString(n.pid())).resolve("stat"));
    } catch (NoSuchFileException e) {
      return true; // no process (nor thread) has that id in this namespace now
    } catch (IOException | RuntimeException e) {
      return false;
    }
    String[] f = statFields(stat);
    if (f == null) {
      return false;
    }
    if (f[2].equals("Z") || f[2].equals("X")) {
      return true; // killed, not yet reaped by its parent
    }
    try {
      return Long.parseLong(f[21]) != n.start();
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
