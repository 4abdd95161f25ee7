package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 9: {@code isolate.exec("return 1 + 1;")}, the second and later times (the first finds the compiler and
 * opens the class path's jars), next to what a compilation of the same class costs with {@code javax.tools} alone:
 * in memory, with one compiler and file manager reused, against the same class path. The difference is what exec
 * adds: defining and rewriting the class in the isolate, and running it there.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ExecBenchmarks {
  static final String STATEMENTS = "return 1 + 1;";
  /** The class exec makes of {@link #STATEMENTS}. */
  private static final String SOURCE = "final class IsolateExec { static Object run() throws Throwable { if (true) { "
      + STATEMENTS + "\n} return null; } }\n";
  private static final List<String> OPTIONS = List.of("-proc:none", "-g", "-implicit:none", "-nowarn", "-Xlint:none");

  private Isolate isolate;
  private JavaCompiler compiler;
  private StandardJavaFileManager files;

  /** Creates the isolate and makes the first exec; opens the baseline's file manager on the same class path. */
  @Setup
  public void setUp() throws IOException {
    isolate = Isolates.create();
    isolate.exec(STATEMENTS);
    compiler = ToolProvider.getSystemJavaCompiler();
    files = compiler.getStandardFileManager(null, null, null);
    List<Path> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(Path.of(entry));
    }
    files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
  }

  @TearDown
  public void tearDown() throws IOException {
    isolate.close();
    files.close();
  }

  /** Operation 9: {@code isolate.exec("return 1 + 1;")}. */
  @Benchmark
  public Object exec() {
    return isolate.exec(STATEMENTS);
  }

  /** Baseline of operation 9: the same class compiled in memory by {@code javax.tools}, nothing defined or run. */
  @Benchmark
  public Map<String, byte[]> javacBaseline() {
    Map<String, byte[]> classes = new HashMap<>();
    JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///exec"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return SOURCE;
      }
    };
    ForwardingJavaFileManager<StandardJavaFileManager> output = new ForwardingJavaFileManager<>(files) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("memory:///" + className + kind.extension), kind) {
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
    };
    if (!compiler.getTask(new StringWriter(), output, null, OPTIONS, null, List.of(source)).call()) {
      throw new IllegalStateException("the baseline's class does not compile");
    }
    return classes;
  }
}
