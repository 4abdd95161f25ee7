package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.Isolates;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks, after every test, what the runtime must never leave behind: an isolate other than main in the
 * registry, or a live thread named after an isolate. Registered for all tests by JUnit's extension
 * autodetection (see {@code junit-platform.properties}).
 */
public final class NoLeftoversExtension implements AfterEachCallback {

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    assertThat(Isolates.listAll()).as("isolates left open by %s", context.getDisplayName())
        .containsExactly(Isolates.main());
    // A thread that finished its task may still be on its way out: wait for it to end, up to a guard's deadline.
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (Thread thread : isolateThreads()) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    assertThat(isolateThreads()).as("isolate threads left running by %s", context.getDisplayName()).isEmpty();
  }

  private static List<Thread> isolateThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("isolate-") && thread.isAlive())
        .collect(Collectors.toList());
  }
}
