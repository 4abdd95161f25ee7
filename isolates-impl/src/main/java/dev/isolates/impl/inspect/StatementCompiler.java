package dev.isolates.impl.inspect;

import dev.isolates.impl.loader.ClassPath;
import dev.isolates.impl.loader.IsolateClassLoader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;

/**
 * Compiles the statements of {@code Isolate.exec} into a class that an isolate's own class loader defines.
 *
 * <p>The statements become the body of {@code static Object run()} of a new class in the unnamed package, after
 * their leading {@code import} lines, which stay in front of the class. The class is compiled in memory with
 * {@code javax.tools} against the isolate's class path and the application class path (where the
 * {@code dev.isolates} API and the shared packages come from), then defined by the isolate's
 * {@link IsolateClassLoader}, which rewrites it like every class it defines, so that a runaway {@code exec} can be
 * cancelled. The main isolate, whose loader is the application's, gets a small loader of its own for each exec
 * whose parent is the application's loader: the statements see main's classes and their static state, and the
 * class is garbage once the exec returns.
 *
 * <p>The generated text keeps the statements' lines where they were (the class header is inserted on the line
 * where the imports end), so that the line numbers of stack traces are those of the statements, and the
 * diagnostics are mapped back to the statements' own lines and columns.
 */
public final class StatementCompiler {
  /**
   * The leading import lines ({@code import a.B;}, {@code import static a.B.c;}, {@code import a.*;}) and the
   * comments among and before them, which a script read from a file often starts with (a line comment with
   * its line end, so that the class header inserted after them is not part of it).
   */
  private static final Pattern IMPORTS =
      Pattern.compile("\\A(?:\\s*(?://[^\\n]*\\n|/\\*.*?\\*/|import\\s[^;]*;))*", Pattern.DOTALL);
  private static final AtomicLong NEXT = new AtomicLong(1);
  private static final MethodType RUN = MethodType.methodType(Object.class);

  /** Whether the runtime image has {@code javax.tools}; without it {@link InMemoryJavac} cannot even load. */
  private static final boolean COMPILER_MODULE = ModuleLayer.boot().findModule("java.compiler").isPresent();

  private StatementCompiler() {}

  static UnsupportedOperationException noCompiler() {
    return new UnsupportedOperationException("exec compiles Java statements, and this Java runtime has no Java"
        + " compiler (javax.tools.ToolProvider.getSystemJavaCompiler() is null): run the JVM on a JDK, which has the"
        + " jdk.compiler module, not on a JRE");
  }

  /**
   * Compiles statements into a class defined by {@code loader}.
   *
   * @param statements Java statements, with leading {@code import} lines if needed
   * @param loader the isolate's class loader: an {@link IsolateClassLoader}, or the application's for main
   * @param where names the isolate in messages, such as {@code isolate 3 'parser'}
   * @return a handle of type {@code ()Object} to the method that runs the statements; its class is not initialized
   *     yet, so that its initialization happens inside the isolate, when the handle is invoked there
   * @throws IllegalArgumentException if the statements do not compile; the message lists the diagnostics
   * @throws UnsupportedOperationException if the running JDK has no Java compiler
   */
  public static MethodHandle compile(String statements, ClassLoader loader, String where) {
    Objects.requireNonNull(statements, "statements");
    if (!COMPILER_MODULE) {
      throw noCompiler();
    }
    String className = "IsolateExec" + NEXT.getAndIncrement();
    Source source = Source.of(className, statements);
    Map<String, byte[]> classes = InMemoryJavac.instance().compile(source, classPath(loader), where);
    Class<?> type = define(classes, className, definer(loader));
    try {
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findStatic(type, "run", RUN);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the class compiled from the statements has no run() method: " + e, e);
    }
  }

  /** The isolate's own class path first, so that its versions of classes win, then the application's. */
  private static List<Path> classPath(ClassLoader loader) {
    Set<Path> paths = new LinkedHashSet<>();
    if (loader instanceof IsolateClassLoader) {
      paths.addAll(((IsolateClassLoader) loader).classPath().paths());
    }
    paths.addAll(ClassPath.application().paths());
    return new ArrayList<>(paths);
  }

  private static BiFunction<String, byte[], Class<?>> definer(ClassLoader loader) {
    if (loader instanceof IsolateClassLoader) {
      return ((IsolateClassLoader) loader)::defineGenerated;
    }
    return new MainExecLoader(loader)::define;
  }

  /**
   * Defines every class javac produced (anonymous and local classes of the statements too), each after the
   * supertypes it has among them, since defining a class loads its supertypes.
   */
  private static Class<?> define(Map<String, byte[]> classes, String main,
      BiFunction<String, byte[], Class<?>> definer) {
    Map<String, Class<?>> defined = new HashMap<>();
    for (String name : classes.keySet()) {
      define(name, classes, definer, defined);
    }
    return defined.get(main);
  }

  private static void define(String name, Map<String, byte[]> classes, BiFunction<String, byte[], Class<?>> definer,
      Map<String, Class<?>> defined) {
    if (defined.containsKey(name)) {
      return;
    }
    byte[] bytes = classes.get(name);
    ClassReader reader = new ClassReader(bytes);
    List<String> supertypes = new ArrayList<>(List.of(reader.getInterfaces()));
    if (reader.getSuperName() != null) {
      supertypes.add(reader.getSuperName());
    }
    for (String supertype : supertypes) {
      String binaryName = supertype.replace('/', '.');
      if (classes.containsKey(binaryName)) {
        define(binaryName, classes, definer, defined);
      }
    }
    defined.put(name, definer.apply(name, bytes));
  }

  /** The text javac compiles, and how its positions map back to the statements. */
  static final class Source {
    final String text;
    /** Where the class header was inserted: the end of the imports, in the statements and in the text. */
    private final int insertedAt;
    private final int headerLength;
    private final String statements;

    private Source(String text, int insertedAt, int headerLength, String statements) {
      this.text = text;
      this.insertedAt = insertedAt;
      this.headerLength = headerLength;
      this.statements = statements;
    }

    static Source of(String className, String statements) {
      Matcher imports = IMPORTS.matcher(statements);
      int end = imports.lookingAt() ? imports.end() : 0;
      // "if (true)" lets the statements end with a return or not: what follows it is reachable either way.
      String header = "final class " + className + " { static Object run() throws Throwable { if (true) { ";
      String text = statements.substring(0, end) + header + statements.substring(end) + "\n} return null; } }\n";
      return new Source(text, end, header.length(), statements);
    }

    /**
     * Maps a position in the text to {@code line L, column C} of the statements (both from 1), or returns null
     * for a diagnostic without a position. Positions in the header map to where it was inserted, those in the
     * trailer to the end of the statements.
     */
    String location(long position) {
      if (position < 0) {
        return null;
      }
      long offset = position < insertedAt ? position
          : position < insertedAt + headerLength ? insertedAt
          : Math.min(position - headerLength, statements.length());
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (statements.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return "line " + line + ", column " + (offset - lineStart + 1);
    }
  }
}
