package org.deeplake4j.engine.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Child process of {@link LocalStorageContractTest}: does {@code n} compare-and-set increments of
 * the decimal counter in {@code key} under the dataset root {@code root}, retrying lost races, and
 * prints every value it wrote, one per line, then {@code conflicts=<count>}.
 *
 * <p>Usage: {@code CasCounterMain ROOT KEY N [READERS]}: with {@code READERS > 0}, that many
 * threads keep reading the counter file meanwhile (each read opens and closes the file, which on
 * POSIX drops every {@code fcntl} lock this process holds on it).
 */
public final class CasCounterMain {
  private CasCounterMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of(args[0]);
    String key = args[1];
    int n = Integer.parseInt(args[2]);
    int readers = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    StringBuilder out = new StringBuilder();
    int conflicts = 0;
    try (LocalStorage s = new LocalStorage(root)) {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < readers; i++) {
        Thread t =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    s.get(key);
                  }
                });
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      for (int done = 0; done < n; ) {
        String version = s.metadata(key).orElseThrow().version();
        long value = Long.parseLong(new String(s.get(key), UTF_8));
        if (s.putIfMatch(key, Long.toString(value + 1).getBytes(UTF_8), version)) {
          out.append(value + 1).append('\n');
          done++;
        } else {
          conflicts++;
        }
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
    }
    System.out.print(out);
    System.out.println("conflicts=" + conflicts);
  }
}
