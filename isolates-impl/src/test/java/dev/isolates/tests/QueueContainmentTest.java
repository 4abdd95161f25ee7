package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.isolates.IsolateException;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.QueueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A queue failure stays where it happened: no poisoned JVM, no hung or rewritten folder, no noise. */
class QueueContainmentTest {
  @TempDir
  Path dir;

  @Test
  void theFirstQueueOfTheJvm_onAnInterruptedThread_works_andKeepsTheInterrupt() throws Exception {
    assertThat(ChildJvm.run(FirstUseInterrupted.class, true))
        .contains("first: created, still interrupted: true")
        .contains("second: created")
        .doesNotContain("Error");
  }

  @Test
  void aQueueFolderThatCannotBeMade_isAQueueException_andTheNextCallTriesAgain() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("occupied"), "a file where the folder should be");
    String output = ChildJvm.run(FolderFixedLater.class, true,
        List.of("-D" + "isolates.queue.dir=" + notAFolder.resolve("queues")), dir.resolve("good").toString());
    assertThat(output)
        .contains("first: dev.isolates.QueueException: cannot create the folder for queue files")
        .contains("set the system property isolates.queue.dir to a folder this user can write")
        .contains("second: created")
        .doesNotContain("Error");
  }

  @Test
  void openQueue_onAFile_orBelowOne_namesThePathAsGiven_andSaysWhatIsWrong() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
    Path relative = Path.of("").toAbsolutePath().relativize(file);
    assertThatThrownBy(() -> Isolates.openQueue(relative)).isInstanceOf(QueueException.class)
        .hasMessageStartingWith("cannot open a queue in " + relative + " (" + file + "): it is a file, not a folder")
        .satisfies(QueueContainmentTest::namesNoExceptionClass);
    assertThatThrownBy(() -> Isolates.openQueue(file.resolve("queue"))).isInstanceOf(QueueException.class)
        .hasMessageStartingWith("cannot open a queue in " + file.resolve("queue") + ": " + file
            + " is a file, so no folder can be made below it")
        .satisfies(QueueContainmentTest::namesNoExceptionClass);
    assertThat(Files.readString(file)).isEqualTo("mine");
  }

  /**
   * A folder without write permission. Root may write in any folder whatever its permissions, so where the tests
   * run as root (as in some containers) this case cannot happen and is skipped; a path below a file, above, is
   * the case of a folder that cannot be made that holds for root too.
   */
  @Test
  void openQueue_onAFolderThisUserCannotWrite_saysSo() throws IOException {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(locked), "this user (root) may write in a folder without write permission");
      assertThatThrownBy(() -> Isolates.openQueue(locked)).isInstanceOf(QueueException.class)
          .hasMessageStartingWith("cannot open a queue in " + locked + ": this user may not write in that folder")
          .satisfies(QueueContainmentTest::namesNoExceptionClass);
      assertThatThrownBy(() -> Isolates.openQueue(locked.resolve("queue"))).isInstanceOf(QueueException.class)
          .hasMessageStartingWith("cannot open a queue in " + locked.resolve("queue")
              + ": this user may not make a folder in " + locked)
          .satisfies(QueueContainmentTest::namesNoExceptionClass);
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static void namesNoExceptionClass(Throwable e) {
    assertThat(e.getMessage()).doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b");
  }

  @Test
  void aStrayCycleFile_isReportedNamingIt_andLeftAsItWas() throws Exception {
    String name = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE) + "F.cq4";
    byte[] garbage = new byte[4096];
    new Random(3).nextBytes(garbage);
    Path stray = Files.write(dir.resolve(name), garbage);
    // Left to Chronicle, the file would be grown to its block size, after a minute of spinning.
    assertThatThrownBy(() -> Isolates.openQueue(dir))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("is damaged: " + name + " does not start with a Chronicle header")
        .hasMessageContaining("It was left as it is");
    assertThat(Files.readAllBytes(stray)).isEqualTo(garbage);
  }

  @Test
  void aDamagedMetadataFile_isReportedNamingIt_andLeftAsItWas() throws Exception {
    try (IsolateQueue<Integer> queue = Isolates.openQueue(dir)) {
      queue.put(1);
    }
    Path metadata = dir.resolve("metadata.cq4t");
    byte[] damaged = Files.readAllBytes(metadata);
    java.util.Arrays.fill(damaged, 0, 64, (byte) 0x5a);
    Files.write(metadata, damaged);
    assertThatThrownBy(() -> Isolates.openQueue(dir))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("is damaged: metadata.cq4t does not start with a Chronicle header");
    assertThat(Files.readAllBytes(metadata)).isEqualTo(damaged);
  }

  @Test
  void aFolderWithOtherFiles_isRefused() throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> Isolates.openQueue(dir))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("it holds notes.txt, which is not a file of a queue");
  }

  @Test
  void withAnSlf4jBinding_queuesLogNothing_andLeaveSlf4jAlone() throws Exception {
    // Without the recommended jdk.internal.ref export, where Chronicle would warn about a flag modern JDKs lack.
    List<String> flags = new java.util.ArrayList<>(List.of("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 24) {
      flags.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
    }
    String output = ChildJvm.run(QuietQueue.class, false, flags);
    // Chronicle's one INFO line at start-up ("Chronicle core loaded from ...") has no switch; the README says so.
    assertThat(output).contains("slf4j.internal.verbosity=null").contains("took 1")
        .doesNotContain("Leave your e-mail").doesNotContain("illegal-access").doesNotContain("WARN")
        .doesNotContain("ms to add mapping");
  }

  /** What the README says of a JVM without an SLF4J binding, whose first queue makes SLF4J warn. */
  @Test
  void withoutAnSlf4jBinding_slf4jWarnsOnce_unlessItsVerbosityIsError() throws Exception {
    assertThat(ChildJvm.runWithout("slf4j-simple", QuietQueue.class, List.of()))
        .containsOnlyOnce("SLF4J(W): No SLF4J providers were found.").contains("took 1");
    assertThat(ChildJvm.runWithout("slf4j-simple", QuietQueue.class, List.of("-Dslf4j.internal.verbosity=ERROR")))
        .doesNotContain("SLF4J").contains("took 1");
  }

  /** Interrupts itself, then makes the JVM's first queue, then another. */
  public static final class FirstUseInterrupted {
    public static void main(String[] args) {
      Thread.currentThread().interrupt();
      try {
        Isolates.createQueue().close();
        System.out.println("first: created, still interrupted: " + Thread.interrupted());
      } catch (IsolateException | Error e) {
        System.out.println("first: " + e);
      }
      Isolates.createQueue().close();
      System.out.println("second: created");
    }
  }

  /** Makes a queue where its folder cannot be, then in the folder args[0]. */
  public static final class FolderFixedLater {
    public static void main(String[] args) {
      try {
        Isolates.createQueue().close();
        System.out.println("first: created");
      } catch (IsolateException | Error e) {
        System.out.println("first: " + e);
      }
      System.setProperty("isolates.queue.dir", args[0]);
      Isolates.createQueue().close();
      System.out.println("second: created");
    }
  }

  /** Puts and takes an item with slf4j-simple on the class path, and prints what SLF4J was left with. */
  public static final class QuietQueue {
    public static void main(String[] args) {
      try (IsolateQueue<Integer> queue = Isolates.createQueue()) {
        queue.put(1);
        System.out.println("took " + queue.get());
      }
      System.out.println("slf4j.internal.verbosity=" + System.getProperty("slf4j.internal.verbosity"));
    }
  }
}
