package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import dev.isolates.Whence;
import dev.isolates.tests.shared.Rendezvous;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The semantics of CPython 3.14's {@code Lib/test/test_interpreters/test_api.py}, in Java form. */
class IsolateApiTest {
  static final IsolateConfig SHARING_RENDEZVOUS =
      IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();

  @AfterEach
  void resetLatches() {
    Rendezvous.reset();
  }

  @Nested
  class Create {
    @Test
    void create_fromMain_isListedAfterMain() {
      try (Isolate isolate = Isolates.create()) {
        assertThat(isolate.whence()).isEqualTo(Whence.API);
        assertThat(isolate.id()).isPositive();
        assertThat(Isolates.listAll()).containsExactly(Isolates.main(), isolate);
      }
    }

    @Test
    void create_fromAnotherThread_works() throws InterruptedException {
      AtomicReference<Long> id = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        try (Isolate isolate = Isolates.create()) {
          id.set(isolate.call(Demo::sum, 1, 2) == 3 ? isolate.id() : -1);
        }
      });
      thread.start();
      thread.join();
      assertThat(id.get()).isPositive();
    }

    @Test
    void create_fromInsideAnIsolate_givesASiblingListedAfterIt() {
      try (Isolate outer = Isolates.create()) {
        long[] ids = outer.call(() -> {
          try (Isolate inner = Isolates.create()) {
            return new long[] {Isolates.current().id(), inner.id(), Isolates.listAll().size()};
          }
        });
        assertThat(ids[0]).isEqualTo(outer.id());
        assertThat(ids[1]).isGreaterThan(outer.id());
        assertThat(ids[2]).isEqualTo(3);
      }
    }

    @Test
    void ids_increase_andAreNeverReused() {
      long first;
      try (Isolate isolate = Isolates.create()) {
        first = isolate.id();
      }
      try (Isolate isolate = Isolates.create()) {
        assertThat(isolate.id()).isGreaterThan(first);
      }
    }

    @Test
    void name_appearsInToStringAndThreadNames() throws InterruptedException {
      try (Isolate isolate = Isolates.create(IsolateConfig.builder().name("parser").build())) {
        assertThat(isolate.toString()).contains("id=" + isolate.id()).contains("name=parser").contains("API");
        Thread thread = isolate.callInThread(() -> Thread.currentThread().getName());
        assertThat(thread.getName()).isEqualTo("isolate-" + isolate.id() + "-parser-thread-1");
        thread.join();
      }
    }
  }

  @Nested
  class Lookup {
    @Test
    void main_isIdZero_whenceRuntime_andAlwaysListedFirst() {
      Isolate main = Isolates.main();
      assertThat(main.id()).isZero();
      assertThat(main.whence()).isEqualTo(Whence.RUNTIME);
      assertThat(main.isRunning()).isTrue();
      assertThat(Isolates.listAll().get(0)).isSameAs(main);
    }

    @Test
    void current_isMainOutsideCalls_andTheTargetInsideThem() {
      assertThat(Isolates.current()).isSameAs(Isolates.main());
      try (Isolate isolate = Isolates.create()) {
        assertThat(isolate.call(Demo::currentId)).isEqualTo(isolate.id());
        assertThat(Isolates.current()).isSameAs(Isolates.main());
      }
    }

    @Test
    void get_findsLiveIsolates_andRefusesUnknownOrClosedIds() {
      Isolate isolate = Isolates.create();
      assertThat(Isolates.get(isolate.id())).isSameAs(isolate);
      assertThat(Isolates.get(0)).isSameAs(Isolates.main());
      isolate.close();
      assertThatThrownBy(() -> Isolates.get(isolate.id()))
          .isInstanceOf(IsolateNotFoundException.class)
          .hasMessageContaining("isolate " + isolate.id() + " not found");
      assertThatThrownBy(() -> Isolates.get(1_000_000)).isInstanceOf(IsolateNotFoundException.class);
    }

    @Test
    void listAll_followsCreationOrder_andDropsClosedIsolates() {
      List<Isolate> created = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        created.add(Isolates.create());
      }
      assertThat(Isolates.listAll()).containsExactly(Isolates.main(), created.get(0), created.get(1), created.get(2));
      created.get(1).close();
      assertThat(Isolates.listAll()).containsExactly(Isolates.main(), created.get(0), created.get(2));
      created.forEach(Isolate::close);
    }

    @Test
    void calls_nest_intoAnotherIsolate_andBackIntoMain() {
      try (Isolate outer = Isolates.create(); Isolate inner = Isolates.create()) {
        long[] ids = outer.call((Isolate in) -> new long[] {
            Isolates.current().id(), in.call(Demo::currentId), Isolates.main().call(Demo::currentId),
            Isolates.current().id()}, inner);
        assertThat(ids).containsExactly(outer.id(), inner.id(), 0, outer.id());
      }
    }

    @Test
    void handles_crossIsolatesByReference() {
      try (Isolate isolate = Isolates.create()) {
        Isolate main = Isolates.main();
        long seen = isolate.call((Isolate handle) -> handle.id() + 100, main);
        assertThat(seen).isEqualTo(100);
        assertThat(isolate.call(() -> Isolates.get(0) == Isolates.main())).isTrue();
      }
    }
  }

  @Nested
  class Close {
    @Test
    void close_ofMain_refuses() {
      assertThatThrownBy(() -> Isolates.main().close())
          .isInstanceOf(IsolateException.class)
          .hasMessageContaining("main isolate cannot be closed");
    }

    @Test
    void close_whileRunning_refusesAndChangesNothing() throws InterruptedException {
      Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
      Thread blocked = isolate.callInThread(() -> Rendezvous.await("release"));
      try {
        assertThat(isolate.isRunning()).isTrue();
        assertThatThrownBy(isolate::close)
            .isExactlyInstanceOf(IsolateException.class)
            .hasMessageContaining("isolate " + isolate.id())
            .hasMessageContaining("cannot be closed while running");
        assertThat(isolate.isClosed()).isFalse();
        assertThat(Isolates.listAll()).contains(isolate);
        assertThat(isolate.call(Demo::sum, 2, 3)).isEqualTo(5);
      } finally {
        Rendezvous.open("release");
        blocked.join();
      }
      assertThat(isolate.isRunning()).isFalse();
      isolate.close();
      assertThat(isolate.isClosed()).isTrue();
    }

    @Test
    void close_fromInsideItself_refusesAtOnce_withIllegalStateException() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.call(() -> {
          Isolates.current().close();
          return null;
        })).isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
          assertThat(e.excInfo().typeName()).isEqualTo(IllegalStateException.class.getName());
          assertThat(e.excInfo().message()).contains("cannot close isolate", "from inside it");
        });
      }
    }

    @Test
    void close_twice_isANoOp() {
      Isolate isolate = Isolates.create();
      isolate.close();
      isolate.close();
      assertThat(isolate.isClosed()).isTrue();
      assertThat(isolate.isRunning()).isFalse();
      assertThat(isolate.toString()).contains("closed");
    }

    @Test
    void everyUse_afterClose_throwsNotFound() {
      Isolate isolate = Isolates.create();
      isolate.close();
      assertThatThrownBy(() -> isolate.call(Demo::sum, 1, 2)).isInstanceOf(IsolateNotFoundException.class);
      assertThatThrownBy(() -> isolate.call(Demo::countCall)).isInstanceOf(IsolateNotFoundException.class);
      assertThatThrownBy(() -> isolate.callInThread(Demo::countCall)).isInstanceOf(IsolateNotFoundException.class);
      assertThatThrownBy(() -> isolate.prepareMain(Map.of("x", 1))).isInstanceOf(IsolateNotFoundException.class);
      assertThat(((IsolateNotFoundException) catchNotFound(isolate)).id()).isEqualTo(isolate.id());
    }

    private Throwable catchNotFound(Isolate isolate) {
      try {
        isolate.call(Demo::countCall);
        return null;
      } catch (IsolateNotFoundException e) {
        return e;
      }
    }
  }

  @Nested
  class PrepareMain {
    @Test
    void prepareMain_bindsCopiesThatCodeInsideReads() {
      try (Isolate isolate = Isolates.create()) {
        List<Integer> numbers = new ArrayList<>(List.of(1, 2, 3));
        isolate.prepareMain(Map.of("spam", "eggs", "numbers", numbers));
        numbers.add(4);
        assertThat(isolate.call(() -> Isolates.mainNamespace().get("spam"))).isEqualTo("eggs");
        assertThat(isolate.call(() -> Isolates.mainNamespace().get("numbers"))).isEqualTo(List.of(1, 2, 3));
        assertThat(Isolates.mainNamespace()).doesNotContainKey("spam");
      }
    }

    @Test
    void prepareMain_refusesNonShareableValues_andBindsNothing() {
      try (Isolate isolate = Isolates.create()) {
        Map<String, Object> bindings = new java.util.LinkedHashMap<>();
        bindings.put("fine", 1);
        bindings.put("socket", new Socket());
        assertThatThrownBy(() -> isolate.prepareMain(bindings))
            .isInstanceOf(NotShareableException.class)
            .hasMessageStartingWith("binding 'socket' (java.net.Socket) is not shareable");
        assertThat(isolate.call(() -> Isolates.mainNamespace().containsKey("fine"))).isFalse();
      }
    }

    @Test
    void prepareMain_refusesMerelySerializableValues() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.prepareMain(Map.of("deque", new java.util.ArrayDeque<>(List.of(1)))))
            .isInstanceOf(NotShareableException.class)
            .hasMessageContaining("binding 'deque' (java.util.ArrayDeque) is not shareable")
            .hasMessageContaining("only shareable values are accepted here");
      }
    }
  }

  @Nested
  class Failures {
    @Test
    void jdkException_reachesCallerAsExecutionFailed_andIsolateStaysUsable() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.call(Demo::divide, 1, 0))
            .isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
              assertThat(e.excInfo().typeName()).isEqualTo("java.lang.ArithmeticException");
              assertThat(e.excInfo().message()).isEqualTo("/ by zero");
              assertThat(e.excInfo().formatted()).isEqualTo("java.lang.ArithmeticException: / by zero");
              assertThat(e.excInfo().stackTrace()).contains("at isolate-" + isolate.id() + "//dev.isolates.tests.Demo.divide");
              assertThat(e.getMessage()).startsWith("java.lang.ArithmeticException: / by zero\n\nUncaught in the isolate:\n\n");
              assertThat(e.getCause()).isNull();
            });
        assertThat(isolate.call(Demo::divide, 6, 3)).isEqualTo(2);
      }
    }

    @Test
    void userException_isDescribedWithItsCause() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.call(Demo::fail, "spam"))
            .isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
              assertThat(e.excInfo().typeName()).isEqualTo("dev.isolates.tests.Demo$CustomFailure");
              assertThat(e.excInfo().formatted()).isEqualTo("dev.isolates.tests.Demo$CustomFailure: spam");
              assertThat(e.excInfo().cause().formatted()).isEqualTo("java.lang.IllegalStateException: the cause");
              assertThat(e.excInfo().stackTrace()).contains("Caused by: java.lang.IllegalStateException: the cause");
            });
        assertThat(isolate.call(Demo::sum, 1, 1)).isEqualTo(2);
      }
    }

    @Test
    void callInThreadFailure_goesToTheUncaughtExceptionHandler() throws InterruptedException {
      AtomicReference<Throwable> uncaught = new AtomicReference<>();
      Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
      Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.set(e));
      try (Isolate isolate = Isolates.create()) {
        isolate.callInThread(Demo::divide, 1, 0).join();
      } finally {
        Thread.setDefaultUncaughtExceptionHandler(previous);
      }
      assertThat(uncaught.get()).isInstanceOfSatisfying(ExecutionFailedException.class,
          e -> assertThat(e.excInfo().typeName()).isEqualTo("java.lang.ArithmeticException"));
    }

    @Test
    void interruptedTask_keepsTheCallerInterrupted() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.call(() -> {
          Thread.currentThread().interrupt();
          Thread.sleep(10_000);
          return null;
        })).isInstanceOf(ExecutionFailedException.class).hasMessageContaining("InterruptedException");
        assertThat(Thread.interrupted()).isTrue();
      }
    }
  }

  @Nested
  class Usage {
    @Test
    void usage_countsEndedAndFailedCalls_theThreadsInside_andTheClassesLoaded() throws InterruptedException {
      try (Isolate isolate = Isolates.create(SHARING_RENDEZVOUS)) {
        assertThat(isolate.usage().calls()).isZero();
        isolate.call(Demo::sum, 1, 2);
        isolate.call(Demo::countCall);
        assertThatThrownBy(() -> isolate.call(Demo::divide, 1, 0)).isInstanceOf(ExecutionFailedException.class);
        Thread inside = isolate.callInThread(() -> Rendezvous.await("leave"));
        dev.isolates.IsolateUsage usage = isolate.usage();
        assertThat(usage.calls()).isEqualTo(3);
        assertThat(usage.failedCalls()).isEqualTo(1);
        assertThat(usage.threadsInside()).isEqualTo(1);
        assertThat(usage.loadedClasses()).isPositive();
        assertThat(usage.accounted()).isFalse();
        assertThat(usage.cpuTime()).isZero();
        Rendezvous.open("leave");
        inside.join();
        assertThat(isolate.usage().calls()).isEqualTo(4);
        assertThat(isolate.usage().threadsInside()).isZero();
      }
    }

    @Test
    void usage_ofAClosedIsolate_isNotFound() {
      Isolate isolate = Isolates.create();
      isolate.close();
      assertThatThrownBy(isolate::usage).isInstanceOf(IsolateNotFoundException.class);
    }
  }

  @Nested
  class CallInThread {
    @Test
    void callInThread_runsInsideTheIsolate_onANamedThread() throws InterruptedException {
      try (Isolate isolate = Isolates.create(SHARING_RENDEZVOUS)) {
        Thread thread = isolate.callInThread(() -> {
          if (Isolates.current().id() != 0 && Thread.currentThread().getContextClassLoader()
              != ClassLoader.getSystemClassLoader()) {
            Rendezvous.open("inside");
          }
        });
        assertThat(thread.getName()).isEqualTo("isolate-" + isolate.id() + "-thread-1");
        thread.join();
        assertThat(Rendezvous.latch("inside").getCount()).isZero();
        assertThat(thread.getContextClassLoader()).isSameAs(Thread.currentThread().getContextClassLoader());
      }
    }

    @Test
    void callInThread_refusesNonShareableArgumentsBeforeStarting() {
      try (Isolate isolate = Isolates.create()) {
        assertThatThrownBy(() -> isolate.callInThread((Object o) -> o.hashCode(), new Object()))
            .isInstanceOf(NotShareableException.class)
            .hasMessageStartingWith("argument 1 (java.lang.Object) is not shareable");
        assertThat(isolate.isRunning()).isFalse();
      }
    }
  }
}
