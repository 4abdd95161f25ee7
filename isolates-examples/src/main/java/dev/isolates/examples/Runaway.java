package dev.isolates.examples;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateLimits;
import dev.isolates.IsolateUsage;
import dev.isolates.Isolates;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plugin host that keeps control: a well-behaved plugin and a runaway one run in isolates of their own. The
 * runaway plugin's loop checks nothing, yet {@code cancel} stops it, and its isolate stays usable; a call that
 * runs past its {@code callTimeout} is stopped alone; both isolates' usage is printed; the runaway isolate is
 * terminated.
 */
public final class Runaway {
  private Runaway() {}

  /** A plugin that does its job. */
  static int answer(int question) {
    return question * 2;
  }

  /** A plugin with a bug: a loop that never ends and never looks at any flag. */
  static long spin() {
    long turns = 0;
    while (true) {
      turns++;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    IsolateConfig wellBehavedConfig = IsolateConfig.builder().name("well-behaved").accounting(true).build();
    IsolateConfig runawayConfig = IsolateConfig.builder().name("runaway")
        .limits(IsolateLimits.builder().callTimeout(Duration.ofMillis(200)).build()).build();
    try (Isolate wellBehaved = Isolates.create(wellBehavedConfig)) {
      Isolate runaway = Isolates.create(runawayConfig);
      System.out.println("well-behaved plugin: answer(21) = " + wellBehaved.call(Runaway::answer, 21));

      AtomicReference<Throwable> outcome = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      Thread caller = new Thread(() -> {
        started.countDown();
        try {
          runaway.call(Runaway::spin);
        } catch (RuntimeException e) {
          outcome.set(e);
        }
      });
      caller.start();
      started.await();
      while (!runaway.isRunning()) {
        Thread.onSpinWait();
      }
      System.out.println("runaway plugin: spinning in a loop that checks nothing");
      long start = System.nanoTime();
      boolean stopped = runaway.cancel(Duration.ofSeconds(5));
      caller.join();
      System.out.printf("cancel(5 s) returned %s after %.1f ms; the caller got:%n", stopped,
          (System.nanoTime() - start) / 1e6);
      describe((ExecutionCancelledException) outcome.get());
      System.out.println("the runaway isolate is still usable: answer(1) = " + runaway.call(Runaway::answer, 1));

      start = System.nanoTime();
      try {
        runaway.call(Runaway::spin);
      } catch (ExecutionCancelledException e) {
        System.out.printf("a call under callTimeout=200 ms ended after %.0f ms:%n", (System.nanoTime() - start) / 1e6);
        describe(e);
      }

      wellBehaved.call(Runaway::answer, 2);
      System.out.println("usage of well-behaved: " + describe(wellBehaved.usage()));
      System.out.println("usage of runaway:      " + describe(runaway.usage()));
      runaway.terminate(Duration.ofSeconds(5));
      System.out.println("terminate(5 s): runaway isolate closed = " + runaway.isClosed());
    }
    System.out.println("isolates left: " + Isolates.listAll().size() + " (main)");
  }

  private static void describe(ExecutionCancelledException e) {
    CancelReason reason = e.reason();
    String where = e.excInfo().stackTrace().lines().filter(line -> line.contains("Runaway.spin")).findFirst()
        .orElse("?").trim();
    System.out.println("  ExecutionCancelledException, reason " + reason + ", " + where);
  }

  private static String describe(IsolateUsage usage) {
    return "calls=" + usage.calls() + ", failed=" + usage.failedCalls() + ", classes=" + usage.loadedClasses()
        + (usage.accounted()
            ? ", cpu=" + usage.cpuTime().toMillis() + " ms, allocated=" + usage.allocatedBytes() / 1024 + " KiB"
            : ", cpu and allocation not accounted");
  }
}
