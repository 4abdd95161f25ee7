package dev.isolates.impl.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The isolate's thread-locals are IsolateLocals: per-thread as before, and released without a leak. */
class IsolateLocalTest {
  private final TestHooks hooks = new TestHooks();

  @Test
  void everyWayToMakeAThreadLocal_makesAnIsolateLocal() throws Exception {
    Class<?> locals = Class.forName("dev.isolates.tests.guests.Locals", true, Guests.loader(hooks));
    for (String field : new String[] {"PLAIN", "SUPPLIED", "SUBCLASSED", "BY_REFERENCE"}) {
      assertThat(locals.getField(field).get(null)).as(field).isInstanceOf(IsolateLocal.class);
    }
    Class<?> subclass = locals.getField("SUBCLASSED").get(null).getClass();
    assertThat(subclass.getSuperclass()).isEqualTo(IsolateLocal.class);
    assertThat(((ParameterizedType) subclass.getGenericSuperclass()).getRawType()).isEqualTo(IsolateLocal.class);
  }

  @Test
  void values_arePerThread_withInitialValuesFromSupplierAndOverride() throws Throwable {
    Method useAll = Guests.method(Guests.loader(hooks), "Locals", "useAll");
    String first = (String) Guests.call(useAll);
    assertThat(first).matches("Locals#\\d+ Locals#\\d+ Locals#\\d+");
    assertThat(Guests.call(useAll)).as("the same thread's values").isEqualTo(first);

    String[] other = new String[1];
    Thread thread = new Thread(() -> other[0] = callUnchecked(useAll));
    thread.start();
    thread.join();
    assertThat(other[0]).matches("Locals#\\d+ Locals#\\d+ Locals#\\d+");
    assertThat(other[0].split(" ")).doesNotContainAnyElementsOf(List.of(first.split(" ")));
  }

  @Test
  void remove_dropsOnlyThisThreadsValue() throws Throwable {
    ClassLoader loader = Guests.loader(hooks);
    Method useAll = Guests.method(loader, "Locals", "useAll");
    String before = (String) Guests.call(useAll);
    Guests.call(Guests.method(loader, "Locals", "removePlain"));
    String after = (String) Guests.call(useAll);
    assertThat(after.split(" ")[0]).isNotEqualTo(before.split(" ")[0]);
    assertThat(after.substring(after.indexOf(' '))).isEqualTo(before.substring(before.indexOf(' ')));
  }

  @Test
  void pooledThreadsValues_keepTheLoader_untilReleased() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      WeakReference<ClassLoader> loader = useLocalsIn(pool);
      assertThat(Guests.collected(loader)).as("collected while the pooled thread holds the values").isFalse();

      hooks.releaseLocals();

      assertThat(Guests.collected(loader)).as("the isolate's loader was collected").isTrue();
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Runs the guest's thread-locals in the pool's long-lived thread; returns a weak reference to the loader. */
  private WeakReference<ClassLoader> useLocalsIn(ExecutorService pool) throws Exception {
    ClassLoader loader = Guests.loader(hooks);
    Method useAll = Guests.method(loader, "Locals", "useAll");
    // The result is a String, which refers to nothing of the isolate; the worker drops the task once run.
    pool.submit(() -> callUnchecked(useAll)).get();
    return new WeakReference<>(loader);
  }

  private static String callUnchecked(Method method) {
    try {
      return (String) Guests.call(method);
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }
}
