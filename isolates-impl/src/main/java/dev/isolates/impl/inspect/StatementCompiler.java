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
import javax.lang.model.SourceVersion;
import org.objectweb.asm.ClassReader;

/**
 * Compiles the statements of {@code Isolate.exec} into a class that an isolate's own class loader defines.
 *
 * <p>The statements become the body of {@code static Object run()} of a new class, after their leading
 * {@code package} line and {@code import} lines, which stay in front of the class; {@code dev.isolates.*} is
 * imported too. Without a package line the class is in the unnamed package; with one, in that package, where it
 * reaches the package-private members of the isolate's classes of the package (same loader, same package). The
 * class is compiled in memory with {@code javax.tools} against the isolate's class path and the application class
 * path (where the {@code dev.isolates} API and the shared packages come from), then defined by the isolate's
 * {@link IsolateClassLoader}, which rewrites it like every class it defines, so that a runaway {@code exec} can be
 * cancelled. The main isolate, whose loader is the application's, gets a small loader of its own for each exec
 * whose parent is the application's loader: the statements see main's classes and their static state, and the
 * class is garbage once the exec returns. With a package line whose package main's classes use, that loader
 * would be another runtime package, so the class is defined by the application's loader itself, through a
 * lookup of a class of the package, and stays loaded.
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
      Pattern.compile("(?:\\s*(?://[^\\n]*\\n|/\\*.*?\\*/|import\\s[^;]*;))*", Pattern.DOTALL);
  /** Comments and white space, as before a package line. */
  private static final Pattern COMMENTS = Pattern.compile("(?:\\s*(?://[^\\n]*\\n|/\\*.*?\\*/))*\\s*",
      Pattern.DOTALL);
  /** A package line, or what starts like one: the keyword, then the rest of its line up to a ';'. */
  private static final Pattern PACKAGE_LINE = Pattern.compile("package(?![\\w$])([^;\\n]*)(;?)");
  /** What the statements' class imports besides what they import. */
  private static final String DEFAULT_IMPORTS = "import dev.isolates.*; ";
  /** The tag of a {@code CONSTANT_Class} entry in a class file's constant pool. */
  private static final int CONSTANT_CLASS = 7;
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
    Source source = Source.of("IsolateExec" + NEXT.getAndIncrement(), statements, where);
    Map<String, byte[]> classes = InMemoryJavac.instance().compile(source, classPath(loader), where);
    Class<?> type = define(classes, source.className, definer(loader, source.packageName, classes, where));
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

  /**
   * What defines the compiled classes: the isolate's loader, or for main a loader of the exec's own, unless the
   * classes join a package whose classes the statements use, which only the application's loader can define
   * into.
   *
   * @throws IllegalArgumentException if the classes would join a package whose classes the isolate does not
   *     define itself (a shared package, or the JDK's), whose package-private members they could not reach
   */
  private static BiFunction<String, byte[], Class<?>> definer(ClassLoader loader, String packageName,
      Map<String, byte[]> classes, String where) {
    Class<?> member = packageName.isEmpty() ? null : usedClassOf(packageName, classes, loader);
    if (member != null && member.getClassLoader() != loader) {
      throw new IllegalArgumentException("exec in " + where + ": the statements' package " + packageName
          + " is not the isolate's own: its class " + member.getName() + " comes from " + member.getClassLoader()
          + " (a shared package, or the JDK's), so a class defined in that package for the isolate could not reach"
          + " its package-private members; leave out the package line, or exec in the isolate whose loader"
          + " defines the package (main, for a shared package)");
    }
    if (loader instanceof IsolateClassLoader) {
      return ((IsolateClassLoader) loader)::defineGenerated;
    }
    if (member == null) {
      return new MainExecLoader(loader)::define;
    }
    try {
      MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(member, MethodHandles.lookup());
      return (name, bytes) -> {
        try {
          return inPackage.defineClass(bytes);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot define " + name + " in package " + packageName + ": " + e, e);
        }
      };
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("exec in " + where + ": cannot define a class in package " + packageName
          + " of the application's loader (" + e.getMessage() + "); leave out the package line", e);
    }
  }

  /**
   * A class of the package that the compiled classes use, as the isolate's loader loads it (not initialized), or
   * null if they use none that it can load.
   */
  private static Class<?> usedClassOf(String packageName, Map<String, byte[]> classes, ClassLoader loader) {
    String prefix = packageName.replace('.', '/') + '/';
    for (byte[] bytes : classes.values()) {
      ClassReader reader = new ClassReader(bytes);
      char[] buffer = new char[reader.getMaxStringLength()];
      for (int item = 1; item < reader.getItemCount(); item++) {
        int offset = reader.getItem(item); // 0 for the second slot of a long or double
        if (offset == 0 || reader.readByte(offset - 1) != CONSTANT_CLASS) {
          continue;
        }
        String name = reader.readUTF8(offset, buffer);
        String binaryName = name.replace('/', '.');
        if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0 && !classes.containsKey(binaryName)) {
          try {
            return Class.forName(binaryName, false, loader);
          } catch (ClassNotFoundException | LinkageError notThere) {
            // compiled against the application class path, missing from the isolate's: not the package's member
          }
        }
      }
    }
    return null;
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
    /** The statements' package, empty for the unnamed package. */
    final String packageName;
    /** The binary name of the class that holds the statements. */
    final String className;
    /** Where the class header was inserted: the end of the imports, in the statements and in the text. */
    private final int insertedAt;
    private final int headerLength;
    private final String statements;

    private Source(String text, String packageName, String className, int insertedAt, int headerLength,
        String statements) {
      this.text = text;
      this.packageName = packageName;
      this.className = className;
      this.insertedAt = insertedAt;
      this.headerLength = headerLength;
      this.statements = statements;
    }

    /**
     * Makes the text of a class named {@code simpleName} whose method runs the statements.
     *
     * @throws IllegalArgumentException if a package line is malformed, names a package of the JDK, or comes
     *     after an import
     */
    static Source of(String simpleName, String statements, String where) {
      int start = skip(COMMENTS, statements, 0);
      Matcher packageLine = PACKAGE_LINE.matcher(statements).region(start, statements.length());
      String packageName = "";
      if (packageLine.lookingAt()) {
        packageName = packageName(packageLine, statements, where);
        start = packageLine.end();
      }
      int end = skip(IMPORTS, statements, start);
      Matcher late = PACKAGE_LINE.matcher(statements).region(skip(COMMENTS, statements, end), statements.length());
      if (late.lookingAt()) {
        throw new IllegalArgumentException("exec in " + where + ": '" + late.group().strip() + "' on line "
            + lineOf(statements, late.start()) + " comes after an import or another package line; a package line"
            + " must come first, before any import, and only once");
      }
      // "if (true)" lets the statements end with a return or not: what follows it is reachable either way.
      String header = DEFAULT_IMPORTS + "final class " + simpleName
          + " { static Object run() throws Throwable { if (true) { ";
      String text = statements.substring(0, end) + header + statements.substring(end) + "\n} return null; } }\n";
      return new Source(text, packageName, packageName.isEmpty() ? simpleName : packageName + "." + simpleName,
          end, header.length(), statements);
    }

    /** Where a pattern that may match nothing stops matching, from {@code from}. */
    private static int skip(Pattern pattern, String statements, int from) {
      Matcher matcher = pattern.matcher(statements).region(from, statements.length());
      return matcher.lookingAt() ? matcher.end() : from;
    }

    /** The package a package line names. */
    private static String packageName(Matcher packageLine, String statements, String where) {
      String name = packageLine.group(1).strip();
      if (packageLine.group(2).isEmpty() || !SourceVersion.isName(name)) {
        throw new IllegalArgumentException("exec in " + where + ": malformed package line on line "
            + lineOf(statements, packageLine.start()) + ", '" + packageLine.group().strip() + "': write 'package',"
            + " a package name and ';', such as 'package com.example;'");
      }
      if (name.equals("java") || name.startsWith("java.")) {
        throw new IllegalArgumentException("exec in " + where + ": the statements cannot be in package " + name
            + ", since the JVM keeps the packages java.* to the JDK; leave out the package line");
      }
      return name;
    }

    private static int lineOf(String statements, int position) {
      int line = 1;
      for (int i = 0; i < position; i++) {
        if (statements.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
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
