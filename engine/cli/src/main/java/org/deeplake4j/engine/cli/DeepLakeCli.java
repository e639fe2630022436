package org.deeplake4j.engine.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.deeplake4j.engine.errors.DeepLakeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code deeplake} command-line tool: {@code info}, {@code dump}, {@code summary}, {@code log}
 * and {@code branches} read a Deep Lake 3.x dataset at any branch or commit; {@code import}, {@code
 * commit}, {@code branch}, {@code reset} and {@code delete-branch} write one. A dataset stores no
 * checked-out branch, so the commands that write take the branch as {@code --ref} (default {@code
 * main}); {@code vacuum} deletes unreferenced files.
 *
 * <p>Exit codes: 0 success, 1 a runtime error (dataset, ref or tensor not found, corrupt or
 * unsupported data, I/O failure, a lock held too long, running out of memory, an internal error), 2
 * a usage error. Every failure, {@link Error}s such as {@link OutOfMemoryError} included, is one
 * line on stderr, {@code deeplake: <message>}, never a stack trace; {@code --verbose} adds the
 * stack trace. {@link #run} is the in-process entry point (no {@code System.exit}); {@link #main}
 * wraps it.
 */
@Command(
    name = "deeplake",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = DeepLakeCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Reads and writes Deep Lake 3.x datasets: metadata, samples, import, versions, queries,"
            + " and vacuums unreferenced files.",
    subcommands = {
      InfoCommand.class,
      DumpCommand.class,
      SummaryCommand.class,
      LogCommand.class,
      BranchesCommand.class,
      ImportCommand.class,
      CommitCommand.class,
      BranchCommand.class,
      ResetCommand.class,
      DeleteBranchCommand.class,
      MergeCommand.class,
      DiffCommand.class,
      QueryCommand.class,
      ViewsCommand.class,
      VacuumCommand.class
    })
public final class DeepLakeCli implements Callable<Integer> {
  /** Exit code of a runtime failure. */
  public static final int EXIT_ERROR = 1;

  /** Exit code of a usage error. */
  public static final int EXIT_USAGE = 2;

  /**
   * Writes JSON output as Python's {@code json} module does for the fixtures: NaN and infinities as
   * bare {@code NaN} / {@code Infinity} tokens (the only non-standard JSON it emits, for the mean
   * of an empty image).
   */
  static final JsonMapper JSON_OUT =
      JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s:]+:[^/@\\s]*@");
  private static final Pattern SECRET_QUERY =
      Pattern.compile(
          "(?i)([?&][a-z0-9_.-]*(?:sig|signature|token|secret|password|key|credential)"
              + "[a-z0-9_.-]*=)[^&\\s]*");

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean verbose;

  final PrintStream out;
  final PrintStream err;

  DeepLakeCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the tool with {@code args}, writing to {@code out} and {@code err}; returns the exit code.
   * Never calls {@code System.exit}.
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    DeepLakeCli cli = new DeepLakeCli(out, err);
    CommandLine[] holder = new CommandLine[1];
    try {
      return execute(cli, holder, args);
    } catch (Throwable t) {
      // Errors (out of memory, stack overflow, a broken class path) pass picocli's handlers.
      return failed(cli, holder[0], t);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int execute(DeepLakeCli cli, CommandLine[] holder, String[] args) {
    PrintStream out = cli.out;
    PrintStream err = cli.err;
    CommandLine cmd = new CommandLine(cli);
    holder[0] = cmd;
    cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cmd.setParameterExceptionHandler(
        (ParameterException e, String[] a) -> {
          String sub = e.getCommandLine().getCommandSpec().qualifiedName();
          err.println(
              "deeplake: "
                  + oneLine(redact(String.valueOf(e.getMessage())))
                  + " (see '"
                  + sub
                  + " --help' for usage)");
          if (cli.verbose) {
            printTrace(e, err);
          }
          err.flush();
          return EXIT_USAGE;
        });
    cmd.setExecutionExceptionHandler(
        (Exception e, CommandLine c, ParseResult p) -> {
          err.println("deeplake: " + describe(e, cli.verbose));
          if (cli.verbose) {
            printTrace(e, err);
          }
          err.flush();
          return EXIT_ERROR;
        });
    return cmd.execute(args);
  }

  /** Reported when even the report of an error runs out of memory (allocated up front). */
  private static final String LAST_RESORT =
      "deeplake: out of memory; raise the Java heap with DEEPLAKE_JAVA_OPTS=-Xmx<size>";

  /** Reports a failure that escaped picocli's handlers as one line; returns {@link #EXIT_ERROR}. */
  private static int failed(DeepLakeCli cli, CommandLine cmd, Throwable t) {
    try {
      cli.err.println("deeplake: " + describeFailure(commandName(cmd), t, cli.verbose));
      if (cli.verbose) {
        printTrace(t, cli.err);
      }
    } catch (Throwable again) {
      cli.err.println(LAST_RESORT);
    }
    cli.err.flush();
    return EXIT_ERROR;
  }

  /** The subcommand that ran ({@code import}, ...), or {@code deeplake} before one was parsed. */
  private static String commandName(CommandLine cmd) {
    ParseResult pr = cmd == null ? null : cmd.getParseResult();
    if (pr == null) {
      return "deeplake";
    }
    while (pr.subcommand() != null) {
      pr = pr.subcommand();
    }
    return pr.commandSpec().name();
  }

  /**
   * The one-line message of a failure of command {@code command} that no handler reported: what ran
   * out (memory, stack) and what that means for the dataset, or the error named.
   */
  static String describeFailure(String command, Throwable t, boolean verbose) {
    if (t instanceof OutOfMemoryError) {
      String what = t.getMessage() == null ? "" : oneLine(t.getMessage());
      boolean heap = what.isEmpty() || what.contains("heap") || what.contains("GC overhead");
      return command
          + " ran out of memory ("
          + (what.isEmpty() ? "Java heap" : what)
          + (heap
              ? "; heap limit "
                  + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                  + " MB, raise it with DEEPLAKE_JAVA_OPTS=-Xmx<size>"
              : "")
          + ") and stopped part-way: a commit is all or nothing, so no version is half written,"
          + " but changes it had not committed may be incomplete";
    }
    if (t instanceof StackOverflowError) {
      return command
          + " ran out of stack (input nested too deeply?; raise it with"
          + " DEEPLAKE_JAVA_OPTS=-Xss<size>) and stopped part-way: a commit is all or nothing, so"
          + " no version is half written, but changes it had not committed may be incomplete";
    }
    return command + " failed: " + describe(t, verbose);
  }

  /** Runs the tool on stdout/stderr and exits with its exit code. */
  public static void main(String[] args) {
    // A failure in another thread is one line too, never the JVM's stack trace.
    Thread.setDefaultUncaughtExceptionHandler(
        (th, e) -> {
          try {
            System.err.println(
                "deeplake: thread " + th.getName() + ": " + describeFailure("deeplake", e, false));
          } catch (Throwable again) {
            System.err.println(LAST_RESORT);
          }
        });
    PrintStream stdout =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    PrintStream stderr =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(stdout, stderr, args);
    stdout.flush();
    System.exit(code);
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Prints the stack trace of {@code e} with credentials in URLs masked as in messages. */
  static void printTrace(Throwable e, PrintStream err) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    err.print(redact(trace.toString()));
  }

  /** The one-line message of a failure: the engine's own message, or the exception named. */
  static String describe(Throwable e, boolean verbose) {
    String msg = e.getMessage() == null ? "" : oneLine(redact(e.getMessage()));
    if (e instanceof DeepLakeException) {
      return msg.isEmpty() ? e.getClass().getSimpleName() : msg;
    }
    if (e instanceof CliException) {
      return msg;
    }
    String what = e.getClass().getName() + (msg.isEmpty() ? "" : ": " + msg);
    return verbose
        ? "internal error: " + what
        : "internal error: " + what + " (rerun with --verbose for the stack trace)";
  }

  /** Collapses line breaks so that a message stays on one line. */
  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** Masks credentials that a URL in a message may carry ({@code user:pass@}, signed queries). */
  static String redact(String s) {
    String r = URL_USERINFO.matcher(s).replaceAll("$1***@");
    return SECRET_QUERY.matcher(r).replaceAll("$1***");
  }

  /** A runtime failure detected by the tool itself (not the engine); exits with code 1. */
  static final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
      super(message);
    }

    CliException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Version of the engine jar (its manifest), or {@code dev} when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DeepLakeCli.class.getPackage().getImplementationVersion();
      return new String[] {"deeplake4j " + (v == null ? "dev" : v) + " (Deep Lake 3.x)"};
    }
  }
}
