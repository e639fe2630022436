package org.deeplake4j.engine.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs {@link DeepLakeCli} in-process with captured stdout and stderr. */
final class Cli {
  private Cli() {}

  /** The outcome of one run. */
  record Result(int exitCode, String out, String err) {
    /** Standard output split into lines (no trailing empty line). */
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1)).subList(0, count(out));
    }

    /** Standard error split into lines (no trailing empty line). */
    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n", -1)).subList(0, count(err));
    }

    private static int count(String s) {
      int n = s.split("\n", -1).length;
      return s.endsWith("\n") ? n - 1 : n;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout:\n" + abbreviate(out) + "\n--- stderr:\n" + err;
    }

    private static String abbreviate(String s) {
      return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = DeepLakeCli.run(o, e, args);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
