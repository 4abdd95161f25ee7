package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import dev.isolates.tests.shared.Rendezvous;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each isolate loads its own copy of the classes it uses, and with them its own static state. */
class IsolationTest {

  @Test
  void staticCounter_countsSeparatelyInEachIsolate_andLeavesMainsUntouched() {
    int mainCallsBefore = Demo.calls();
    try (Isolate first = Isolates.create(); Isolate second = Isolates.create()) {
      for (int i = 0; i < 3; i++) {
        first.call(Demo::countCall);
      }
      second.call(Demo::countCall);
      assertThat(first.call(Demo::calls)).isEqualTo(3);
      assertThat(second.call(Demo::calls)).isEqualTo(1);
    }
    assertThat(Demo.calls()).isEqualTo(mainCallsBefore);
  }

  @Test
  void taskClass_isLoadedByTheIsolate_notByTheApplicationLoader() {
    try (Isolate isolate = Isolates.create()) {
      String loader = isolate.call(() -> String.valueOf(Demo.class.getClassLoader().getName()));
      assertThat(loader).isEqualTo("isolate-" + isolate.id());
      boolean contextLoaderIsOwn = isolate.call(
          () -> Thread.currentThread().getContextClassLoader() == Demo.class.getClassLoader());
      assertThat(contextLoaderIsOwn).isTrue();
      assertThat(isolate.call(() -> Isolates.class.getClassLoader() == ClassLoader.getSystemClassLoader()))
          .as("the API is shared").isTrue();
    }
  }

  @Test
  void sharedPackages_areLoadedOnce_andShareTheirStaticState() throws InterruptedException {
    Rendezvous.reset();
    IsolateConfig config = IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();
    try (Isolate isolate = Isolates.create(config)) {
      isolate.call(() -> Rendezvous.open("from-isolate"));
      assertThat(Rendezvous.await("from-isolate")).isTrue();
      assertThat(isolate.call(() -> Rendezvous.class.getClassLoader() == ClassLoader.getSystemClassLoader()))
          .isTrue();
    }
    try (Isolate unshared = Isolates.create()) {
      assertThat(unshared.call(() -> Rendezvous.latch("from-isolate").getCount())).isEqualTo(1L);
    }
    Rendezvous.reset();
  }

  @Test
  void classpath_limitsWhatTheIsolateCanLoad() {
    Path testClasses = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    IsolateConfig onlyTestClasses = IsolateConfig.builder().classpath(List.of(testClasses)).build();
    try (Isolate isolate = Isolates.create(onlyTestClasses)) {
      assertThat(isolate.call(Demo::sum, 20, 22)).isEqualTo(42);
      assertThat(isolate.call(IsolationTest::canLoadAssertJ)).isFalse();
    }
    try (Isolate isolate = Isolates.create()) {
      assertThat(isolate.call(IsolationTest::canLoadAssertJ)).isTrue();
    }
  }

  @Test
  void taskOutsideTheClasspath_isRefusedWithItsClassName(@org.junit.jupiter.api.io.TempDir Path empty) {
    try (Isolate isolate = Isolates.create(IsolateConfig.builder().classpath(List.of(empty)).build())) {
      assertThatThrownBy(() -> isolate.call(Demo::sum, 1, 2))
          .isInstanceOf(NotShareableException.class)
          .hasMessageStartingWith("task dev.isolates.tests.Demo::sum is not shareable: isolate " + isolate.id()
              + " cannot load dev.isolates.tests.Demo");
    }
  }

  @Test
  void classpathEntryThatIsNotAJar_isRefusedAtCreate(@org.junit.jupiter.api.io.TempDir Path folder)
      throws java.io.IOException {
    Path notAJar = java.nio.file.Files.writeString(folder.resolve("notes.txt"), "not a jar");
    Path testClasses = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    IsolateConfig config = IsolateConfig.builder().classpath(List.of(testClasses, notAJar)).build();
    assertThatThrownBy(() -> Isolates.create(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("class path entry 1 is neither a folder nor a readable jar: " + notAJar);
    assertThat(Isolates.listAll()).containsExactly(Isolates.main());
  }

  static boolean canLoadAssertJ() {
    try {
      Class.forName("org.assertj.core.api.Assertions", false, Thread.currentThread().getContextClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
