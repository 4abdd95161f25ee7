package dev.isolates.tests;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import dev.isolates.impl.TestAccess;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs Groovy scripts in an isolate, terminates it, and prints {@code collected} if its class loader was then
 * collected. Else it prints {@code kept}, then each method handle of the JDK's own caches whose last
 * {@code asType} names a class of the isolate (JDK 17 keeps that strongly: JDK-8078641, changed in JDK 18), then
 * whether the loader was collected once those were dropped: if so, nothing else kept it.
 *
 * <p>{@code RuntimeClassesTest} runs it in a JVM of its own, with {@code -XX:SoftRefLRUPolicyMSPerMB=0}, so that
 * what the JDK keeps softly counts as gone, as it is once memory runs low, and with {@code java.lang.invoke} open.
 */
public final class GroovyUnload {
  private static final List<String> SCRIPTS = List.of(
      "[1, 2, 3].collect { it * 2 }.sum()",
      "'a,b'.split(',').collectEntries { [(it): it.toUpperCase()] }.size()",
      "class Point { int x; int y; Point plus(Point o) { new Point(x: x + o.x, y: y + o.y) } }\n"
          + "(new Point(x: 1, y: 2) + new Point(x: 3, y: 4)).x",
      "@groovy.transform.CompileStatic int sum(int n) { int s = 0; for (int i = 1; i <= n; i++) { s += i }; s }\n"
          + "sum(10)");

  private GroovyUnload() {}

  public static void main(String[] args) throws Exception {
    WeakReference<ClassLoader> loader = runScriptsAndTerminate();
    if (TestAccess.collected(loader)) {
      System.out.println("collected");
      return;
    }
    System.out.println("kept");
    Field asTypeCache = MethodHandle.class.getDeclaredField("asTypeCache");
    asTypeCache.setAccessible(true);
    for (MethodHandle handle : printHandlesKeeping(loader, asTypeCache)) {
      asTypeCache.set(handle, null);
    }
    System.out.println(TestAccess.collected(loader) ? "collected without them" : "still kept");
  }

  private static WeakReference<ClassLoader> runScriptsAndTerminate() {
    Isolate isolate = Isolates.create();
    WeakReference<ClassLoader> loader = TestAccess.loaderOf(isolate);
    for (String script : SCRIPTS) {
      isolate.call(Scripts::evaluate, script);
    }
    isolate.terminate(Duration.ofSeconds(30)); // Groovy's cleaner threads run until stopped
    return loader;
  }

  /** Prints each of the JDK's method handles whose last {@code asType} names a class of the loader; returns them. */
  private static List<MethodHandle> printHandlesKeeping(WeakReference<ClassLoader> loader, Field asTypeCache)
      throws IOException, ReflectiveOperationException {
    List<MethodHandle> keeping = new ArrayList<>();
    for (Map.Entry<String, MethodHandle> jdk : jdkHandles().entrySet()) {
      MethodHandle cached = (MethodHandle) asTypeCache.get(jdk.getValue());
      String named = cached == null ? null : classOf(loader.get(), cached.type());
      if (named != null) {
        System.out.println(jdk.getKey() + ".asTypeCache.type: " + cached.type() + ", which names " + named);
        keeping.add(jdk.getValue());
      }
    }
    return keeping;
  }

  /**
   * The method handles that static fields of {@code java.lang.invoke}'s classes hold, and those they wrap (their
   * {@code asType} goes to what they wrap), by where they are.
   */
  private static Map<String, MethodHandle> jdkHandles() throws IOException, ReflectiveOperationException {
    Map<String, MethodHandle> handles = new TreeMap<>();
    try (ModuleReader base = ModuleFinder.ofSystem().find("java.base").orElseThrow().open()) {
      for (Object file : base.list().filter(name -> name.matches("java/lang/invoke/[^/]+\\.class")).toArray()) {
        String name = file.toString();
        Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        for (Field field : handleFields(type, true)) {
          add(handles, type.getName() + "." + field.getName(), field.get(null));
        }
      }
    }
    return handles;
  }

  private static void add(Map<String, MethodHandle> handles, String where, Object value)
      throws IllegalAccessException {
    if (value instanceof MethodHandle && !handles.containsValue(value)) {
      handles.put(where, (MethodHandle) value);
      for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
        for (Field field : handleFields(type, false)) {
          if (!field.getName().startsWith("asType")) {
            add(handles, where + "." + field.getName(), field.get(value));
          }
        }
      }
    } else if (value instanceof MethodHandle[]) {
      MethodHandle[] array = (MethodHandle[]) value;
      for (int i = 0; i < array.length; i++) {
        add(handles, where + "[" + i + "]", array[i]);
      }
    }
  }

  /** The class's own fields, static or not, of type MethodHandle or MethodHandle[], made accessible. */
  private static List<Field> handleFields(Class<?> type, boolean isStatic) {
    List<Field> fields = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) == isStatic
          && (field.getType() == MethodHandle.class || field.getType() == MethodHandle[].class)) {
        field.setAccessible(true);
        fields.add(field);
      }
    }
    return fields;
  }

  /** The name of the first class in the type that the loader, or a loader below it, defined; else null. */
  private static String classOf(ClassLoader loader, MethodType type) {
    List<Class<?>> classes = new ArrayList<>(type.parameterList());
    classes.add(type.returnType());
    for (Class<?> named : classes) {
      for (ClassLoader definer = named.getClassLoader(); definer != null; definer = definer.getParent()) {
        if (definer == loader) {
          return named.getName();
        }
      }
    }
    return null;
  }
}
