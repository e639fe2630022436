package org.deeplake4j.engine.internal.version;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.Storage;

/**
 * A child JVM of the write-transaction process tests. Rows are {@link WriteTransactionTest#row}
 * (id, label, emb, text); objects are exchanged as Java-serialized files written atomically.
 *
 * <ul>
 *   <li>{@code fragment PLAN OUT FROM TO [OUT2 FROM2 TO2]}: a fragment writer (a Spark task): rows
 *       FROM..TO-1 of the plan's transaction into a fragment serialized to OUT (and a second one).
 *   <li>{@code coordinate PATH MODE FROM TO GO}: begins a transaction on branch main, writes rows
 *       FROM..TO-1 as one fragment, prints {@code ready}, waits until file GO exists, commits (MODE
 *       APPEND or OVERWRITE, message "FROM") and prints {@code committed VERSION ROWS}, or {@code
 *       conflict MESSAGE} after a {@link CommitConflictException}.
 *   <li>{@code delete PATH TENSOR}: deletes a tensor of branch main and commits.
 *   <li>{@code killable-fragment PLAN OUT FROM TO K}: as {@code fragment}, but the K-th storage
 *       write pauses the writer ({@code paused K KEY}) until the test kills it.
 *   <li>{@code killable-commit PATH STATE FROM TO FRAGS K}: begins a transaction, writes its plan
 *       to STATE.plan, FRAGS fragments of rows FROM..TO-1 to STATE.frags, prints {@code committing
 *       TXN}, and commits (with a message for even thousands of FROM); the K-th storage write of
 *       the commit (K {@code after-switch}: the first write after the switch) pauses ({@code paused
 *       K KEY}) until the test kills it; prints {@code committed VERSION ROWS writes N} when K is
 *       past the commit's last write.
 * </ul>
 */
public final class TxnProcess {
  private TxnProcess() {}

  static final OpenOptions WRITABLE =
      OpenOptions.defaults().withReadOnly(false).withLockTimeout(Duration.ofSeconds(60));

  static void write(Object o, Path file) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
        out.writeObject(o);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T read(Path file) {
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
      return (T) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  static Fragment fragment(WritePlan plan, Storage s, long from, long to) {
    try (FragmentWriter w = s == null ? FragmentWriter.open(plan) : FragmentWriter.open(plan, s)) {
      for (long i = from; i < to; i++) {
        w.append(WriteTransactionTest.row(i));
      }
      return w.finish();
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /**
   * A storage whose K-th write (put, conditional put, delete) after {@link #pauseAt} blocks the
   * calling thread for good after printing {@code paused K KEY}: the test SIGKILLs the process
   * there, before the write happens.
   */
  static final class PausingStorage extends ForwardingStorage {
    private final AtomicLong writes = new AtomicLong();
    private volatile long pauseAt = -1;

    PausingStorage(Storage delegate) {
      super(delegate);
    }

    private volatile boolean afterSwitch;

    void pauseAt(long k) {
      writes.set(0);
      pauseAt = k;
    }

    /** Pauses at the first write after the switch of the version tree (P5's clean-up). */
    void pauseAfterSwitch() {
      writes.set(0);
      afterSwitch = true;
    }

    private boolean switched(String key, boolean ok) {
      if (ok && afterSwitch && key.equals(VersionGraph.VERSION_INFO_KEY)) {
        pauseAt = writes.get() + 1;
      }
      return ok;
    }

    long writes() {
      return writes.get();
    }

    private void tick(String key) {
      long n = writes.incrementAndGet();
      if (n == pauseAt) {
        say("paused " + n + " " + key);
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while paused", e);
        }
      }
    }

    @Override
    public void put(String key, byte[] data) {
      tick(key);
      super.put(key, data);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
      tick(key);
      return switched(key, super.putIfAbsent(key, data));
    }

    @Override
    public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
      tick(key);
      return switched(key, super.putIfMatch(key, data, expectedVersion));
    }

    @Override
    public void delete(String key) {
      tick(key);
      super.delete(key);
    }
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "fragment" -> {
        WritePlan plan = read(Path.of(args[1]));
        write(
            fragment(plan, null, Long.parseLong(args[3]), Long.parseLong(args[4])),
            Path.of(args[2]));
        if (args.length > 5) {
          write(
              fragment(plan, null, Long.parseLong(args[6]), Long.parseLong(args[7])),
              Path.of(args[5]));
        }
        say("done");
      }
      case "coordinate" -> {
        String path = args[1];
        WriteTransaction.Mode mode = WriteTransaction.Mode.valueOf(args[2]);
        long from = Long.parseLong(args[3]);
        long to = Long.parseLong(args[4]);
        Path go = Path.of(args[5]);
        try (WriteTransaction tx = WriteTransaction.begin(path, WRITABLE)) {
          Fragment f = fragment(tx.plan(), null, from, to);
          say("ready " + tx.plan().transactionId());
          while (!Files.exists(go)) {
            Thread.sleep(5);
          }
          try {
            WriteTransaction.CommitResult r = tx.commit(List.of(f), mode, Long.toString(from));
            say("committed " + r.version() + " " + r.rows());
          } catch (CommitConflictException e) {
            say("conflict " + e.getMessage());
          }
        }
      }
      case "delete" -> {
        try (Dataset ds = Dataset.open(args[1], WRITABLE)) {
          ds.deleteTensor(args[2]);
          say("deleted " + ds.commit("delete " + args[2]));
        }
      }
      case "killable-fragment" -> {
        WritePlan plan = read(Path.of(args[1]));
        PausingStorage s = new PausingStorage(new LocalStorage(Path.of(plan.location())));
        s.pauseAt(Long.parseLong(args[5]));
        Fragment f = fragment(plan, s, Long.parseLong(args[3]), Long.parseLong(args[4]));
        write(f, Path.of(args[2]));
        say("done " + s.writes());
      }
      case "killable-commit" -> {
        String path = args[1];
        String state = args[2];
        long from = Long.parseLong(args[3]);
        long to = Long.parseLong(args[4]);
        int frags = Integer.parseInt(args[5]);
        PausingStorage s = new PausingStorage(new LocalStorage(Path.of(path)));
        try (WriteTransaction tx = WriteTransaction.begin(s, WRITABLE)) {
          write(tx.plan(), Path.of(state + ".plan"));
          List<Fragment> fs = new ArrayList<>();
          long per = (to - from + frags - 1) / frags;
          for (long a = from; a < to; a += per) {
            fs.add(fragment(tx.plan(), s, a, Math.min(to, a + per)));
          }
          write(new ArrayList<>(fs), Path.of(state + ".frags"));
          say("committing " + tx.plan().transactionId());
          if (args[6].equals("after-switch")) {
            s.pauseAfterSwitch();
          } else {
            s.pauseAt(Long.parseLong(args[6]));
          }
          WriteTransaction.CommitResult r =
              tx.commit(fs, WriteTransaction.Mode.APPEND, message(from));
          say("committed " + r.version() + " " + r.rows() + " writes " + s.writes());
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** The commit message of a killable transaction starting at row {@code from} (null: none). */
  static String message(long from) {
    return (from / 1000) % 2 == 0 ? "txn " + from : null;
  }
}
