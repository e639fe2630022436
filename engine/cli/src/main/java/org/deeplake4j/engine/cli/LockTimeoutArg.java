package org.deeplake4j.engine.cli;

import java.time.Duration;
import org.deeplake4j.engine.OpenOptions;
import picocli.CommandLine.Option;

/**
 * {@code --lock-timeout DURATION} of the commands that open a dataset writable: how long to wait
 * for another writer's lock on the branch ({@link OpenOptions#lockTimeout()}). The default waits
 * out the 300 s expiry of a lock left by a writer that died where its death cannot be proven.
 */
final class LockTimeoutArg {
  /**
   * The default: a lock's 300 s validity, so a lock found when the wait starts expires by its end.
   */
  static final String DEFAULT = "5m";

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = DEFAULT,
      converter = VacuumCommand.DurationConverter.class,
      description =
          "How long a write waits while another writer (a Python deeplake process, or a Java writer"
              + " holding the branch exclusively) holds the branch's write lock: 0 fails at once;"
              + " 30s, 5m, 1h, 500ms or ISO-8601 (default: ${DEFAULT-VALUE}). A lock lasts 300 s"
              + " unless refreshed, so the default outlasts the lock of a writer that was killed;"
              + " a killed Java writer's lock on this machine is taken over at once.")
  Duration lockTimeout = Duration.ofMinutes(5); // DEFAULT, also when built without picocli

  /** {@code options} with the lock timeout. */
  OpenOptions apply(OpenOptions options) {
    return options.withLockTimeout(lockTimeout);
  }
}
