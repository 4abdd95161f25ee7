package dev.isolates.impl.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * The JDK's Java compiler, compiling one source text in memory to class files in memory. The compiler is found
 * once per JVM, and a file manager is kept for each of the last few class paths compiled against: a file manager
 * keeps its class path's jars open and indexed, and setting another class path on it costs more than the
 * compilation of a line (about 15 ms against 10 ms, with a Maven application's class path). File managers are not
 * thread-safe, so compilations take turns. Loaded only when the {@code java.compiler} module is present.
 */
final class InMemoryJavac {
  /** No annotation processors (none are wanted, and finding them costs), line numbers for stack traces. */
  private static final List<String> OPTIONS = List.of("-proc:none", "-g", "-implicit:none", "-nowarn", "-Xlint:none");
  /** File managers kept: isolates of a few configurations compile without resetting one. */
  private static final int CLASS_PATHS_KEPT = 4;

  private final JavaCompiler compiler;
  /** The file managers by class path, least recently used first; guarded by this. */
  private final Map<List<Path>, StandardJavaFileManager> fileManagers =
      new LinkedHashMap<>(CLASS_PATHS_KEPT * 2, 0.75f, true);

  private InMemoryJavac(JavaCompiler compiler) {
    this.compiler = compiler;
  }

  /**
   * Returns the compiler of this JVM.
   *
   * @throws UnsupportedOperationException if the running JDK has no Java compiler
   */
  static InMemoryJavac instance() {
    InMemoryJavac javac = Holder.INSTANCE;
    if (javac == null) {
      throw StatementCompiler.noCompiler();
    }
    return javac;
  }

  /**
   * Compiles a source text.
   *
   * @param source what to compile
   * @param classPath what it compiles against
   * @param where names the isolate in messages
   * @return the class files by binary name
   * @throws IllegalArgumentException if it does not compile
   */
  synchronized Map<String, byte[]> compile(StatementCompiler.Source source, List<Path> classPath, String where) {
    MemoryOutput output = new MemoryOutput(fileManager(classPath, where));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter otherOutput = new StringWriter();
    boolean compiled = compiler.getTask(otherOutput, output, diagnostics, OPTIONS, null,
        List.of(new SourceText(source.text))).call();
    if (!compiled) {
      throw new IllegalArgumentException("exec in " + where + ": the statements do not compile:"
          + errors(diagnostics.getDiagnostics(), source, otherOutput.toString()));
    }
    return output.classes;
  }

  /** The file manager of a class path, made on first use; the least recently used one beyond the few kept closes. */
  private StandardJavaFileManager fileManager(List<Path> classPath, String where) {
    StandardJavaFileManager files = fileManagers.get(classPath);
    if (files != null) {
      return files;
    }
    files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    try {
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
    } catch (IOException e) {
      close(files);
      throw new UncheckedIOException("cannot compile the statements of exec in " + where + " against the class path "
          + classPath + ": " + e, e);
    }
    if (fileManagers.size() == CLASS_PATHS_KEPT) {
      Iterator<StandardJavaFileManager> eldest = fileManagers.values().iterator();
      StandardJavaFileManager evicted = eldest.next();
      eldest.remove();
      close(evicted);
    }
    fileManagers.put(classPath, files);
    return files;
  }

  /** Closes a file manager, which only closes the jars it opened: a failure there leaves nothing to undo. */
  private static void close(StandardJavaFileManager files) {
    try {
      files.close();
    } catch (IOException ignored) {
      // the jars stay open until the garbage collector finds them; the compilation does not depend on it
    }
  }

  /** One line per error, {@code line L, column C: text}, in the statements' own lines and columns. */
  private static String errors(List<Diagnostic<? extends JavaFileObject>> diagnostics,
      StatementCompiler.Source source, String otherOutput) {
    StringBuilder text = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
        String location = source.location(diagnostic.getPosition());
        text.append('\n').append(location == null ? "" : location + ": ").append(diagnostic.getMessage(Locale.ROOT));
      }
    }
    return text.length() > 0 ? text.toString() : "\n" + otherOutput.strip();
  }

  /** The source, named {@code exec} so that stack traces read {@code IsolateExec7.run(exec:2)}. */
  private static final class SourceText extends SimpleJavaFileObject {
    private final String text;

    SourceText(String text) {
      super(URI.create("string:///exec"), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** Reads what the standard file manager reads, and keeps the class files javac writes in memory. */
  private static final class MemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
    final Map<String, byte[]> classes = new ConcurrentHashMap<>();

    MemoryOutput(StandardJavaFileManager files) {
      super(files);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
        FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("memory:///" + className.replace('.', '/') + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream() {
            @Override
            public void close() {
              classes.put(className, toByteArray());
            }
          };
        }
      };
    }

    /** Keeps the shared file manager open: it is reused by the next compilation. */
    @Override
    public void close() {
      // nothing of this wrapper's own to release
    }
  }

  /** Finds the compiler on first use. */
  private static final class Holder {
    static final InMemoryJavac INSTANCE = find();

    private static InMemoryJavac find() {
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      return compiler == null ? null : new InMemoryJavac(compiler);
    }
  }
}
