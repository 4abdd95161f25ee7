package dev.isolates.impl.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An isolate's exits and shutdown hooks go to its hooks. Had the rewriting missed an exit, the test JVM would
 * have ended, which fails the build too.
 */
class ContainmentTest {
  private final TestHooks hooks = new TestHooks();
  private final IsolateClassLoader loader = Guests.loader(hooks);

  @ParameterizedTest
  @ValueSource(strings = {"systemExit", "runtimeExit", "runtimeHalt", "systemExitByReference",
      "runtimeExitByBoundReference", "runtimeExitByUnboundReference", "runtimeHaltByBoundReference"})
  void exitsAndHalts_callTheHooks_insteadOfEndingTheJvm(String method) throws Exception {
    Throwable thrown = catchThrowable(() -> Guests.call(Guests.method(loader, "Exits", method, int.class), 7));

    assertThat(thrown).isInstanceOf(TestHooks.Exited.class);
    assertThat(hooks.exits).containsExactly(7);
  }

  @Test
  void shutdownHooks_goToTheHooks_notToTheJvm() throws Throwable {
    Thread hook = new Thread(() -> { });
    Guests.call(Guests.method(loader, "Exits", "addShutdownHook", Thread.class), hook);
    assertThat(hooks.shutdownHooks).containsExactly(hook);
    assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("registered with the JVM").isFalse();

    Object removed = Guests.call(Guests.method(loader, "Exits", "removeShutdownHook", Thread.class), hook);
    assertThat(removed).isEqualTo(true);
    assertThat(hooks.shutdownHooks).isEmpty();
  }

  @Test
  void shutdownHooksByMethodReference_goToTheHooks() throws Throwable {
    Thread hook = new Thread(() -> { });
    Guests.call(Guests.method(loader, "Exits", "addShutdownHookByReference", Thread.class), hook);
    assertThat(hooks.shutdownHooks).containsExactly(hook);

    Object removed = Guests.call(Guests.method(loader, "Exits", "removeShutdownHookByReference", Thread.class), hook);
    assertThat(removed).isEqualTo(true);
    assertThat(hooks.shutdownHooks).isEmpty();
  }
}
