package dev.isolates.impl.loader;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK 21 methods that the rewriting of virtual thread starts needs, reached through method handles: this
 * library is compiled for JDK 17. Only code compiled for JDK 21 or later calls them, so they exist whenever they are
 * used.
 */
public final class VirtualThreads {
  private static final MethodHandle OF_VIRTUAL;
  private static final MethodHandle UNSTARTED;
  private static final MethodHandle FACTORY;
  private static final MethodHandle PER_TASK_EXECUTOR;

  static {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodHandle ofVirtual = null;
    MethodHandle unstarted = null;
    MethodHandle factory = null;
    MethodHandle perTask = null;
    try {
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
          MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
      unstarted = lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
      factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
      perTask = lookup.findStatic(Executors.class, "newThreadPerTaskExecutor",
          MethodType.methodType(ExecutorService.class, ThreadFactory.class));
    } catch (ReflectiveOperationException beforeJdk21) {
      // left null: nothing calls them before JDK 21
    }
    OF_VIRTUAL = ofVirtual;
    UNSTARTED = unstarted;
    FACTORY = factory;
    PER_TASK_EXECUTOR = perTask;
  }

  private VirtualThreads() {}

  /** {@code Thread.ofVirtual().unstarted(task)}. */
  public static Thread unstarted(Runnable task) {
    try {
      return (Thread) UNSTARTED.invoke(OF_VIRTUAL.invoke(), task);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code Executors.newThreadPerTaskExecutor(wrap(Thread.ofVirtual().factory()))}. */
  public static ExecutorService perTaskExecutor(IsolateHooks hooks) {
    try {
      ThreadFactory virtual = (ThreadFactory) FACTORY.invoke(OF_VIRTUAL.invoke());
      return (ExecutorService) PER_TASK_EXECUTOR.invoke(hooks.threadFactory(virtual));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
