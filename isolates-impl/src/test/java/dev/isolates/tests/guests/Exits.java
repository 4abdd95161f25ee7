package dev.isolates.tests.guests;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Predicate;

/** Guest code that tries to end the JVM or register shutdown hooks, directly and through method references. */
public final class Exits {

  public static void systemExit(int status) {
    System.exit(status);
  }

  public static void runtimeExit(int status) {
    Runtime.getRuntime().exit(status);
  }

  public static void runtimeHalt(int status) {
    Runtime.getRuntime().halt(status);
  }

  public static void systemExitByReference(int status) {
    IntConsumer exit = System::exit;
    exit.accept(status);
  }

  public static void runtimeExitByBoundReference(int status) {
    IntConsumer exit = Runtime.getRuntime()::exit;
    exit.accept(status);
  }

  public static void runtimeExitByUnboundReference(int status) {
    ObjIntConsumer<Runtime> exit = Runtime::exit;
    exit.accept(Runtime.getRuntime(), status);
  }

  public static void runtimeHaltByBoundReference(int status) {
    IntConsumer halt = Runtime.getRuntime()::halt;
    halt.accept(status);
  }

  public static void addShutdownHook(Thread hook) {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public static boolean removeShutdownHook(Thread hook) {
    return Runtime.getRuntime().removeShutdownHook(hook);
  }

  public static void addShutdownHookByReference(Thread hook) {
    Consumer<Thread> add = Runtime.getRuntime()::addShutdownHook;
    add.accept(hook);
  }

  public static boolean removeShutdownHookByReference(Thread hook) {
    Predicate<Thread> remove = Runtime.getRuntime()::removeShutdownHook;
    return remove.test(hook);
  }
}
