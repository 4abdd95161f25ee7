package dev.isolates.impl.loader;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.BaseStream;

/**
 * Links the calls whose work the JDK hands to the common pool (see {@link ConcurrencyCalls}) so that the work runs
 * in the isolate's own fork/join pool instead: the JDK forks into the pool of the worker that runs the call, so the
 * call is run by a worker of the isolate's pool, and the caller waits for it. A caller that is a worker of any
 * other pool than the common one (the isolate's, or one its code made) calls directly: its forks stay there.
 *
 * <p>The call site tests that with a type check of the current thread (and, for a stream, {@code isParallel()}),
 * so a sequential stream's operation costs what it did.
 */
public final class ForkJoinCalls {
  /** The guard of a call that always hands work to the pool. */
  static final int ALWAYS = 0;
  /** The guard of a stream's terminal operation: only a parallel stream hands work to the pool. */
  static final int IF_PARALLEL = 1;

  private static final MethodHandle OUTSIDE_WORKERS;
  private static final MethodHandle PARALLEL_OUTSIDE_WORKERS;
  private static final MethodHandle RUN_IN_POOL;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      OUTSIDE_WORKERS = lookup.findStatic(ForkJoinCalls.class, "outsideWorkers", MethodType.methodType(boolean.class));
      PARALLEL_OUTSIDE_WORKERS = lookup.findStatic(ForkJoinCalls.class, "parallelOutsideWorkers",
          MethodType.methodType(boolean.class, BaseStream.class));
      RUN_IN_POOL = lookup.findStatic(ForkJoinCalls.class, "runInPool", MethodType.methodType(Object.class,
          IsolateHooks.class, MethodHandle.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ForkJoinCalls() {}

  /**
   * Makes the call site of a call that the rewriting sent here; {@code Guest.inForkJoinPool}, the bootstrap method,
   * calls this with its isolate's hooks.
   *
   * @param hooks the isolate's hooks, which give its pool
   * @param type the call site's type: the receiver, if any, then the original method's parameters
   * @param target the original method
   * @param guard {@link #ALWAYS} or {@link #IF_PARALLEL}
   */
  public static CallSite callSite(IsolateHooks hooks, MethodHandles.Lookup caller, MethodType type,
      MethodHandle target, int guard) {
    MethodHandle direct = target.asType(type);
    if (guard == ALWAYS && !isJdks(caller, target)) {
      return new ConstantCallSite(direct); // an invokeAll of the application's own, say: not the JDK's
    }
    MethodHandle pooled = MethodHandles.insertArguments(RUN_IN_POOL, 0, hooks, direct)
        .asCollector(Object[].class, type.parameterCount())
        .asType(type);
    MethodHandle test = guard == IF_PARALLEL
        ? PARALLEL_OUTSIDE_WORKERS.asType(MethodType.methodType(boolean.class, type.parameterType(0)))
        : OUTSIDE_WORKERS;
    List<Class<?>> rest = type.parameterList().subList(test.type().parameterCount(), type.parameterCount());
    test = MethodHandles.dropArguments(test, test.type().parameterCount(), rest);
    return new ConstantCallSite(MethodHandles.guardWithTest(test, pooled, direct));
  }

  /** Whether the method is the JDK's: the rewriting knows its calls by name and descriptor only. */
  private static boolean isJdks(MethodHandles.Lookup caller, MethodHandle target) {
    try {
      return caller.revealDirect(target).getDeclaringClass().getModule() == Object.class.getModule();
    } catch (IllegalArgumentException notDirect) {
      return false;
    }
  }

  /** Whether the calling thread is no worker of a fork/join pool other than the common one. */
  public static boolean outsideWorkers() {
    Thread thread = Thread.currentThread();
    return !(thread instanceof ForkJoinWorkerThread)
        || ((ForkJoinWorkerThread) thread).getPool() == ForkJoinPool.commonPool();
  }

  private static boolean parallelOutsideWorkers(BaseStream<?, ?> stream) {
    return stream.isParallel() && outsideWorkers();
  }

  /**
   * Runs the call in a worker of the isolate's pool and waits for it. Its exception is the call's own, not the copy
   * that a fork/join task makes for a thread that joins it from another.
   */
  private static Object runInPool(IsolateHooks hooks, MethodHandle call, Object[] arguments) throws Throwable {
    Throwable[] thrown = new Throwable[1];
    Object result = hooks.forkJoinPool().invoke(ForkJoinTask.adapt(() -> {
      try {
        return call.invokeWithArguments(arguments);
      } catch (Throwable e) {
        thrown[0] = e; // read after invoke returns: the task's completion orders it
        return null;
      }
    }));
    if (thrown[0] != null) {
      throw thrown[0];
    }
    return result;
  }
}
