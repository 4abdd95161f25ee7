package dev.isolates.impl;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.Whence;
import dev.isolates.impl.control.ThreadCensus;
import dev.isolates.impl.inspect.Beans;
import dev.isolates.impl.inspect.Flight;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The registry of live isolates (CPython's {@code interpreters} list in {@code _PyRuntime}): main first, then
 * every other isolate in creation order, and the counter that hands out ids, never reused.
 *
 * <p>The states are linked in id order by a concurrent skip list: lock-free iteration for {@code listAll},
 * O(log n) lookup by id, and safe under concurrent create and close. A shutdown hook closes the isolates still
 * open when the JVM exits; one that a thread still executes in cannot be closed and is left as it is.
 *
 * <p>Each live isolate, main included, has a management bean from its creation to its close (see {@link Beans}),
 * and its creation and close are flight recorder events (see {@link Flight}).
 */
final class Registry {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  private static final ConcurrentNavigableMap<Long, IsolateState> LIVE = new ConcurrentSkipListMap<>();
  private static final IsolateState MAIN = IsolateState.main();
  private static final List<Consumer<IsolateState>> CLOSE_LISTENERS = new CopyOnWriteArrayList<>();

  static {
    LIVE.put(MAIN.id(), MAIN);
    ThreadCensus.startSharedJdkThreads();
    Beans.register(MAIN);
    Thread hook = new Thread(Registry::closeAllAtExit, "isolates-shutdown");
    hook.setContextClassLoader(null);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private Registry() {}

  static IsolateState main() {
    return MAIN;
  }

  static IsolateState create(IsolateConfig config, Whence whence) {
    IsolateState state = IsolateState.create(NEXT_ID.getAndIncrement(), whence, config, Registry::remove);
    LIVE.put(state.id(), state);
    try {
      Beans.register(state);
    } catch (RuntimeException e) {
      state.close(); // nobody holds it yet: it must not stay live
      throw e;
    }
    Flight.isolateCreated(state.id());
    return state;
  }

  static IsolateState get(long id) {
    IsolateState state = find(id);
    if (state == null) {
      throw new IsolateNotFoundException(id);
    }
    return state;
  }

  /** The live isolate with this id, or null. */
  static IsolateState find(long id) {
    return LIVE.get(id);
  }

  static List<Isolate> listAll() {
    return List.copyOf(LIVE.values());
  }

  /** Calls {@code listener} with each isolate once it is closed, for example to unbind its queue items. */
  static void onClose(Consumer<IsolateState> listener) {
    CLOSE_LISTENERS.add(listener);
  }

  /** Forgets an isolate once its close has succeeded: each isolate is created with this as its close listener. */
  private static void remove(IsolateState state) {
    LIVE.remove(state.id());
    Beans.unregisterIsolate(state.id());
    for (Consumer<IsolateState> listener : CLOSE_LISTENERS) {
      listener.accept(state);
    }
    Flight.isolateClosed(state.id());
  }

  private static void closeAllAtExit() {
    for (IsolateState state : new ArrayList<>(LIVE.descendingMap().values())) {
      if (state != MAIN) {
        try {
          state.close();
        } catch (IsolateException running) {
          // a thread still executes inside it at exit; the JVM ends it anyway
        }
      }
    }
  }
}
