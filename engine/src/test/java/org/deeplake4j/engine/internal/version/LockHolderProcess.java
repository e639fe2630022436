package org.deeplake4j.engine.internal.version;

import java.time.Duration;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;

/**
 * A writer process that holds a branch until it is killed: {@code LockHolderProcess PATH BRANCH}
 * opens PATH writable at BRANCH (lock timeout 0), appends one row to tensor {@code v} and flushes,
 * prints {@code holding PID} and sleeps. The tests kill it with SIGKILL.
 */
public final class LockHolderProcess {
  private LockHolderProcess() {}

  public static void main(String[] args) throws InterruptedException {
    OpenOptions opts =
        OpenOptions.defaults().withReadOnly(false).withRef(args[1]).withLockTimeout(Duration.ZERO);
    Dataset ds = Dataset.open(args[0], opts);
    ds.tensor("v").append(7L);
    ds.flush();
    System.out.println("holding " + ProcessHandle.current().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
