package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.Isolates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Isolate.exec}: statements compiled in memory and run inside an isolate, as Python's {@code Interpreter.exec}. */
class ExecTest {

  @Test
  void exec_returnsACopyOfTheValue_madeOfTheCallersClasses() {
    try (Isolate isolate = Isolates.create()) {
      Object list = isolate.exec("return new java.util.ArrayList<>(java.util.List.of(1, 2));");
      assertThat(list).isInstanceOf(ArrayList.class).isEqualTo(List.of(1, 2));
      Object pair = isolate.exec("return new dev.isolates.tests.Values.Pair(\"p\", java.util.List.of(3));");
      assertThat(pair).isInstanceOf(Values.Pair.class).isEqualTo(new Values.Pair("p", List.of(3)));
      assertThat(isolate.exec("return 40 + 2;")).isEqualTo(42);
    }
  }

  @Test
  void exec_seesTheIsolatesStaticState_notMains() {
    int mainCalls = Demo.calls();
    try (Isolate isolate = Isolates.create()) {
      isolate.call(Demo::countCall);
      isolate.call(Demo::countCall);
      assertThat(isolate.exec("return dev.isolates.tests.Demo.calls();")).isEqualTo(2);
      isolate.exec("dev.isolates.tests.Demo.countCall();");
      assertThat(isolate.call(Demo::calls)).isEqualTo(3);
    }
    assertThat(Demo.calls()).isEqualTo(mainCalls);
  }

  @Test
  void exec_inMain_seesMainsStaticState() {
    Demo.countCall();
    assertThat(Isolates.main().exec("return dev.isolates.tests.Demo.calls();")).isEqualTo(Demo.calls());
  }

  @Test
  void exec_acceptsLeadingImportsAndComments_andReturnsNullWithoutAReturn() {
    try (Isolate isolate = Isolates.create()) {
      assertThat(isolate.exec("import java.util.List;\nimport static java.util.Collections.max;\n"
          + "List<Integer> numbers = List.of(3, 9, 4);\nreturn max(numbers);")).isEqualTo(9);
      assertThat(isolate.exec("// a script\n/* read from a file */ import java.util.List; // the list\n"
          + "return List.of(1, 2).size(); // two")).isEqualTo(2);
      assertThatThrownBy(() -> isolate.exec("// line 1\nimport java.util.List;\nreturn List.of().sizes();"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3, column");
      assertThat(isolate.exec("int unused = 1;")).isNull();
    }
  }

  @Test
  void exec_importsTheApiByDefault() {
    try (Isolate isolate = Isolates.create()) {
      assertThat(isolate.exec("return Isolates.current().id();")).isEqualTo(isolate.id());
      assertThat(isolate.exec("import java.util.*;\nList<Whence> w = List.of(Isolates.current().whence());\n"
          + "return w.get(0).name();")).isEqualTo("API");
    }
  }

  @Test
  void exec_withAPackageLine_reachesThePackagePrivateMembersOfThatPackage() {
    try (Isolate isolate = Isolates.create()) {
      isolate.call(Demo::countCall);
      assertThat(isolate.exec("package dev.isolates.tests;\nreturn Demo.calls;")).as("a package-private field")
          .isEqualTo(1);
      assertThat(isolate.exec("// the counter\npackage dev.isolates.tests; // Demo's\nimport java.util.List;\n"
          + "Demo.calls += 10;\nreturn List.of(Demo.calls);")).isEqualTo(List.of(11));
      assertThat(isolate.call(Demo::calls)).as("the isolate's own Demo").isEqualTo(11);
      assertThatThrownBy(() -> isolate.exec("package dev.isolates.tests;\nint x = 1;\nreturn Demo.missing;"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3, column 12: cannot find symbol");
    }
    Demo.countCall();
    assertThat(Isolates.main().exec("package dev.isolates.tests;\nreturn Demo.calls;")).as("main's own Demo")
        .isEqualTo(Demo.calls);
  }

  @Test
  void exec_refusesAMisplacedOrMalformedPackageLine_sayingWhy() {
    try (Isolate isolate = Isolates.create()) {
      assertThatThrownBy(() -> isolate.exec("import java.util.List;\npackage dev.isolates.tests;\nreturn 1;"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("exec in isolate " + isolate.id() + ": 'package dev.isolates.tests;' on line 2 comes after an"
              + " import or another package line; a package line must come first, before any import, and only"
              + " once");
      assertThatThrownBy(() -> isolate.exec("package dev.isolates..tests;\nreturn 1;"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("malformed package line on line 1, 'package dev.isolates..tests;': write"
              + " 'package', a package name and ';', such as 'package com.example;'");
      assertThatThrownBy(() -> isolate.exec("/* no semicolon */\npackage dev.isolates.tests\nreturn 1;"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("malformed package line on line 2, 'package dev.isolates.tests'");
      assertThatThrownBy(() -> isolate.exec("package java.util;\nreturn 1;"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot be in package java.util, since the JVM keeps the packages java.* to the JDK");
      assertThat(isolate.usage().calls()).isZero();
    }
  }

  @Test
  void exec_refusesAPackageThatTheIsolateShares_whoseMembersItCouldNotReach() {
    IsolateConfig config = IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();
    try (Isolate isolate = Isolates.create(config)) {
      assertThatThrownBy(() -> isolate.exec("package dev.isolates.tests.shared;\n"
          + "return Rendezvous.latch(\"exec\").getCount();"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the statements' package dev.isolates.tests.shared is not the isolate's own: its class"
              + " dev.isolates.tests.shared.Rendezvous comes from");
    }
  }

  @Test
  void exec_runsInsideTheIsolate_inTheCallingThread_andRestoresIt() {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (Isolate isolate = Isolates.create()) {
      assertThat(isolate.exec("return dev.isolates.Isolates.current().id();")).isEqualTo(isolate.id());
      assertThat(isolate.exec("return Thread.currentThread().getName();")).isEqualTo(thread.getName());
      // an anonymous class of the statements is defined by the isolate's own loader, like the statements' class
      assertThat(isolate.exec("return new Object() {}.getClass().getClassLoader()"
          + " == Thread.currentThread().getContextClassLoader();")).isEqualTo(true);
      assertThat(isolate.exec("record Point(int x, int y) {}\nreturn new Point(1, 2).toString();"))
          .isEqualTo("Point[x=1, y=2]");
      assertThat(isolate.usage().calls()).isEqualTo(4);
    }
    assertThat(thread.getContextClassLoader()).isSameAs(before);
    assertThat(Isolates.current()).isEqualTo(Isolates.main());
  }

  @Test
  void exec_compilesAgainstTheIsolatesOwnClassPath(@TempDir Path folder) throws IOException {
    Path source = Files.writeString(folder.resolve("Greeter.java"), "public class Greeter {\n"
        + "  public static String hello() { return \"hello from \" + Greeter.class.getClassLoader().getName(); }\n"
        + "}\n");
    Path classes = Files.createDirectory(folder.resolve("classes"));
    assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        source.toString())).isZero();
    try (Isolate isolate = Isolates.create(IsolateConfig.builder().classpath(List.of(classes)).build())) {
      assertThat(isolate.exec("return Greeter.hello();")).isEqualTo("hello from isolate-" + isolate.id());
    }
    assertThatThrownBy(() -> Isolates.main().exec("return Greeter.hello();"))
        .as("main's class path has no Greeter")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot find symbol");
  }

  @Test
  void exec_thatDoesNotCompile_throwsIllegalArgument_withLineAndColumn_andRunsNothing() {
    try (Isolate isolate = Isolates.create()) {
      assertThatThrownBy(() -> isolate.exec("import java.util.List;\nint x = 1;\n  return missing + x;"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("isolate " + isolate.id())
          .hasMessageContaining("the statements do not compile")
          .hasMessageContaining("line 3, column 10: cannot find symbol");
      assertThatThrownBy(() -> isolate.exec("return 1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line 1, column 9: ';' expected");
      assertThat(isolate.usage().calls()).isZero();
    }
  }

  @Test
  void exec_thatThrows_failsWithExecutionFailed_andLeavesTheIsolateUsable() {
    try (Isolate isolate = Isolates.create()) {
      assertThatThrownBy(() -> isolate.exec("int zero = 0;\nreturn 1 / zero;"))
          .isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
            assertThat(e.excInfo().typeName()).isEqualTo("java.lang.ArithmeticException");
            assertThat(e.excInfo().stackTrace()).contains("(exec:2)");
          });
      assertThat(Isolates.current()).isEqualTo(Isolates.main());
      assertThat(isolate.usage().failedCalls()).isEqualTo(1);
      assertThat(isolate.isRunning()).isFalse();
      assertThat(isolate.exec("return \"still usable\";")).isEqualTo("still usable");
    }
  }

  @Test
  void exec_onAClosedIsolate_throwsNotFound_andNullIsRefused() {
    Isolate isolate = Isolates.create();
    assertThatThrownBy(() -> isolate.exec(null)).isInstanceOf(NullPointerException.class);
    isolate.close();
    assertThatThrownBy(() -> isolate.exec("return 1;")).isInstanceOf(IsolateNotFoundException.class);
  }
}
