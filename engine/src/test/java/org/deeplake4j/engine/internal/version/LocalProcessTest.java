package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a process is named so that another one on the machine can prove it dead. */
class LocalProcessTest {
  private static LocalProcess.Name self() {
    return LocalProcess.self().orElseThrow(() -> new AssertionError("Linux names its processes"));
  }

  private static long startOf(long pid) throws Exception {
    return Long.parseLong(
        LocalProcess.statFields(Files.readString(Path.of("/proc/" + pid + "/stat")))[21]);
  }

  @Test
  void thisProcessIsNamedByBootNamespacesPidAndStart() throws Exception {
    LocalProcess.Name me = self();
    String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    assertThat(me.host()).startsWith(boot + "/pid:[");
    assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(me.start()).isEqualTo(startOf(me.pid())).isPositive();
    assertThat(LocalProcess.isDead(me)).isFalse();
  }

  @Test
  void aPidWithAnotherStartTimeIsAReusedPidSoItsProcessIsDead() {
    LocalProcess.Name me = self();
    assertThat(LocalProcess.isDead(new LocalProcess.Name(me.host(), me.pid(), me.start() - 1)))
        .isTrue();
  }

  @Test
  void aRunningChildIsAliveAndAReapedOneIsDead() throws Exception {
    LocalProcess.Name me = self();
    Process child = new ProcessBuilder("sleep", "60").start();
    try {
      long pid = child.pid();
      long start = startOf(pid);
      assertThat(LocalProcess.isDead(new LocalProcess.Name(me.host(), pid, start))).isFalse();
      assertThat(LocalProcess.isDead(new LocalProcess.Name(me.host(), pid, start + 1))).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(LocalProcess.isDead(new LocalProcess.Name(me.host(), pid, start))).isTrue();
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void anotherHostProvesNothing() throws Exception {
    LocalProcess.Name me = self();
    Process child = new ProcessBuilder("true").start();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long gone = child.pid();
    assertThat(LocalProcess.isDead(new LocalProcess.Name(me.host(), gone, 1))).isTrue();
    // Another boot, another container (pid namespace), or no host at all: nothing is proven.
    String otherBoot = "00000000-0000-0000-0000-000000000000" + me.host().substring(36);
    String otherPidNs = me.host().replaceFirst("pid:\\[\\d+\\]", "pid:[1]");
    for (String host : new String[] {otherBoot, otherPidNs, null}) {
      assertThat(LocalProcess.isDead(new LocalProcess.Name(host, gone, 1))).as(host).isFalse();
    }
    assertThat(otherPidNs).isNotEqualTo(me.host());
  }

  @Test
  void statLinesWithSpacesAndParenthesesInTheCommand() {
    String[] f =
        LocalProcess.statFields(
            "4242 (a b) (c)) Z 1 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0");
    assertThat(f[0]).isEqualTo("4242");
    assertThat(f[1]).isEqualTo("a b) (c)");
    assertThat(f[2]).isEqualTo("Z");
    assertThat(f[21]).isEqualTo("987654");
    assertThat(LocalProcess.statFields("garbage")).isNull();
  }
}
