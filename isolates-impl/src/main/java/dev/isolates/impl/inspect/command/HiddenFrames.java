package dev.isolates.impl.inspect.command;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells which stack frames of a thread dump an exception's stack trace would leave out, so that {@code stacks}
 * leaves them out too. A thread dump read over JMX holds every frame; the JVM leaves two kinds out of exception
 * stack traces: frames of hidden classes (lambdas, the method handle forms spun at run time; only their names
 * hold a '/', as in {@code Invocation$$Lambda$269/0x0000000800c02000}), and frames of JDK methods annotated
 * {@code jdk.internal.vm.annotation.Hidden}: the method handle plumbing of {@code java.lang.invoke} (such as
 * {@code Invokers$Holder.invokeExact_MT} and {@code DirectMethodHandle$Holder.invokeStatic}), and a few more
 * ({@code Thread.runWith}, the {@code invokeImpl} of reflection). Which JDK methods are hidden is read from the
 * annotations of this JDK's own classes, once per class: the command normally runs on the target's JDK, and a
 * class or method this JDK lacks is shown.
 */
final class HiddenFrames {
  private static final String HIDDEN = "jdk.internal.vm.annotation.Hidden";

  /** The names of the hidden methods of each JDK class met so far. */
  private final Map<String, Set<String>> hiddenMethods = new HashMap<>();

  /** Whether an exception's stack trace would leave this frame out. */
  boolean isHidden(StackTraceElement frame) {
    String className = frame.getClassName();
    if (className.indexOf('/') >= 0) {
      return true;
    }
    String module = frame.getModuleName();
    if (module == null || !(module.startsWith("java.") || module.startsWith("jdk."))) {
      return false; // application classes are never annotated hidden
    }
    return hiddenMethods.computeIfAbsent(className, HiddenFrames::hiddenMethodsOf).contains(frame.getMethodName());
  }

  private static Set<String> hiddenMethodsOf(String className) {
    Set<String> hidden = new HashSet<>();
    try {
      Class<?> type = Class.forName(className, false, ClassLoader.getPlatformClassLoader());
      for (Method method : type.getDeclaredMethods()) {
        for (Annotation annotation : method.getDeclaredAnnotations()) {
          if (annotation.annotationType().getName().equals(HIDDEN)) {
            hidden.add(method.getName());
          }
        }
      }
    } catch (ClassNotFoundException | LinkageError | SecurityException notInThisJdk) {
      // a class of another JDK, or one this JDK will not show: its frames are shown
    }
    return hidden;
  }
}
