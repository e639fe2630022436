package org.deeplake4j.engine.internal.version;

import java.time.Duration;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.errors.CommitConflictException;

/**
 * A writer process for the multi-process tests: {@code WriterProcess PATH WRITER ROUNDS ROWS} runs
 * ROUNDS rounds of "open writable, append ROWS rows, commit (retrying lost races), close" on branch
 * main. Row values encode the writer and a sequence number: {@code v = WRITER * 1e6 + seq}, {@code
 * t = "w<WRITER>s<seq>"}. Prints {@code committed WRITER ROUND COMMIT SEQ} after each commit and
 * {@code done WRITER} at the end; exits 3 when a commit keeps failing.
 */
public final class WriterProcess {
  private WriterProcess() {}

  /** Value of row {@code seq} of writer {@code w}. */
  static long value(int w, long seq) {
    return w * 1_000_000L + seq;
  }

  /** Text of row {@code seq} of writer {@code w}. */
  static String text(int w, long seq) {
    return "w" + w + "s" + seq;
  }

  public static void main(String[] args) {
    String path = args[0];
    int w = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int rows = Integer.parseInt(args[3]);
    OpenOptions opts =
        OpenOptions.defaults().withReadOnly(false).withLockTimeout(Duration.ofSeconds(60));
    long seq = 0;
    for (int r = 0; r < rounds; r++) {
      try (Dataset ds = Dataset.open(path, opts)) {
        for (int i = 0; i < rows; i++) {
          ds.append(Map.of("v", value(w, seq), "t", text(w, seq)));
          seq++;
        }
        String id = null;
        for (int attempt = 0; id == null; attempt++) {
          try {
            id = ds.commit("w" + w + " r" + r);
          } catch (CommitConflictException e) {
            if (attempt >= 20) {
              System.out.println("failed " + w + " " + r + " " + e.getMessage());
              System.out.flush();
              System.exit(3);
            }
          }
        }
        System.out.println("committed " + w + " " + r + " " + id + " " + seq);
        System.out.flush();
      }
    }
    System.out.println("done " + w);
    System.out.flush();
  }
}
