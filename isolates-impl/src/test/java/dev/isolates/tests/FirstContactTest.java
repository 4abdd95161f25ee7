package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateExitException;
import dev.isolates.IsolatedHexaConsumer;
import dev.isolates.Isolates;
import dev.isolates.tests.shared.Rendezvous;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a new user meets first (api.md, "First contact"): messages, quiet stops, calls of up to six arguments. */
class FirstContactTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private static IsolateConfig config() {
    return IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();
  }

  @AfterEach
  void reset() {
    Rendezvous.reset();
  }

  @Nested
  class Messages {
    @Test
    void aStopsMessage_namesNoClassOfTheRuntime_andShowsWhereTheTaskWas() throws Exception {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      try (Isolate isolate = Isolates.create(config())) {
        Thread caller = new Thread(() -> {
          try {
            isolate.call(Runaway::spin);
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        caller.start();
        assertThat(Rendezvous.await("running")).isTrue();
        assertThat(isolate.cancel(LONG)).isTrue();
        caller.join(30_000);
      }
      assertThat(failure.get()).isInstanceOfSatisfying(ExecutionCancelledException.class, e -> {
        assertThat(e.getMessage()).doesNotContain("dev.isolates.impl", "dev.isolates.guest")
            .startsWith("dev.isolates.ExecutionCancelledException: the task was stopped by a cancel");
        assertThat(e.excInfo().typeName()).isEqualTo(ExecutionCancelledException.class.getName());
        assertThat(e.excInfo().stackTrace()).contains("//dev.isolates.tests.Runaway.spin(Runaway.java:")
            .doesNotContain("dev.isolates.impl", "dev.isolates.guest");
      });
    }

    @Test
    void aFailuresAndAnExitsMessages_nameNoClassOfTheRuntime() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.call(Demo::divide, 1, 0))
            .isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
              assertThat(e.getMessage()).doesNotContain("dev.isolates.impl")
                  .contains("java.lang.ArithmeticException: / by zero", "//dev.isolates.tests.Demo.divide(");
            });
        assertThatThrownBy(() -> isolate.call(Runaway::exit, 3))
            .isInstanceOfSatisfying(IsolateExitException.class, e -> {
              assertThat(e.status()).isEqualTo(3);
              assertThat(e.getMessage()).doesNotContain("dev.isolates.impl", "dev.isolates.guest")
                  .contains("//dev.isolates.tests.Runaway.exit(");
            });
      }
    }
  }

  @Nested
  class QuietStops {
    @Test
    void aCancelledCallInThreadTask_printsNothing_withoutAHandlerOfTheApplication() throws Exception {
      String printed = stderrOf(() -> {
        try (Isolate isolate = Isolates.create(config())) {
          Thread thread = isolate.callInThread(Runaway::spin);
          assertThat(Rendezvous.await("running")).isTrue();
          assertThat(isolate.cancel(LONG)).isTrue();
          thread.join(30_000);
        }
      });
      assertThat(printed).isEmpty();
    }

    @Test
    void aDefaultHandlerOfTheApplication_stillReceivesTheStop() throws Exception {
      AtomicReference<Throwable> uncaught = new AtomicReference<>();
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.set(e));
      try (Isolate isolate = Isolates.create(config())) {
        Thread thread = isolate.callInThread(Runaway::spin);
        assertThat(Rendezvous.await("running")).isTrue();
        assertThat(isolate.cancel(LONG)).isTrue();
        thread.join(30_000);
      } finally {
        Thread.setDefaultUncaughtExceptionHandler(previous);
      }
      assertThat(uncaught.get()).isInstanceOfSatisfying(ExecutionCancelledException.class,
          e -> assertThat(e.reason()).isEqualTo(CancelReason.CANCEL));
    }

    @Test
    void aThreadTheIsolateStarted_printsOneLineWhenStopped() throws Exception {
      String printed = stderrOf(() -> {
        Isolate isolate = Isolates.create(config());
        isolate.call(Escapes::startWaitingThreads, 1);
        isolate.terminate(LONG);
      });
      assertThat(printed.lines()).singleElement().asString()
          .contains("waiter-0", "stopped (CANCEL)").doesNotContain("dev.isolates.impl");
    }

    /** What {@code action} printed on System.err; the JDK's handler prints there. */
    private String stderrOf(ThrowingRunnable action) throws Exception {
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        action.run();
      } finally {
        System.setErr(original);
      }
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Nested
  class UpToSixArguments {
    @Test
    void callsOfFourFiveAndSixArguments_runInsideWithCopies() throws Exception {
      try (Isolate isolate = Isolates.create()) {
        long id = isolate.id();
        assertThat(isolate.call(Arities::four, "a", 1, 2L, List.of(3))).isEqualTo("a12[3]@" + id);
        assertThat(isolate.call(Arities::five, "a", 1, 2L, List.of(3), 'e')).isEqualTo("a12[3]@" + id + "e");
        assertThat(isolate.call(Arities::six, "a", 1, 2L, List.of(3), 'e', 0.5)).isEqualTo("a12[3]@" + id + "e0.5");
        isolate.call(Arities::remember, "a", "b", "c", "d", "e", "f");
        assertThat(isolate.call(Arities::last)).isEqualTo("abcdef");
        String captured = "x";
        IsolatedHexaConsumer<String, String, String, String, String, String> capturing =
            (a, b, c, d, e, f) -> Arities.remember(captured + a, b, c, d, e, f);
        isolate.callInThread(capturing, "1", "2", "3", "4", "5", "6").join(30_000);
        assertThat(isolate.call(Arities::last)).isEqualTo("x123456");
        assertThat(Arities.last).as("main's copy is untouched").isNull();
      }
    }
  }
}
