package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolatedRunnable;
import dev.isolates.Isolates;
import dev.isolates.tests.shared.Rendezvous;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Classes that an isolate's code defines while it runs, through class loaders of its own (a Groovy script's, a
 * bytecode library's) or a lookup, belong to the isolate: cancel stops their loops, and they go with it.
 */
class RuntimeClassesTest {
  private static final IsolateConfig SHARING_RENDEZVOUS =
      IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();
  private static final Duration LONG = Duration.ofSeconds(30);

  @AfterEach
  void resetLatches() {
    Rendezvous.reset();
  }

  @ParameterizedTest
  @ValueSource(strings = {Scripts.SPIN, Scripts.SPIN_STATICALLY})
  void aGroovyLoop_isStoppedByCancel_andTheIsolateThenCloses(String script) throws InterruptedException {
    Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
    Caller caller = Caller.untilRunning(isolate, () -> Scripts.evaluate(script));
    assertThat(isolate.cancel(LONG)).as("no thread inside after cancel").isTrue();
    assertThat(caller.end()).isInstanceOfSatisfying(ExecutionCancelledException.class,
        e -> assertThat(e.reason()).isEqualTo(CancelReason.CANCEL));
    isolate.close();
    assertThat(isolate.isClosed()).isTrue();
  }

  static Stream<Arguments> definitions() {
    return Stream.of(
        Arguments.of("a class loader of its own", (IsolatedRunnable) Definitions::spinInAClassOfAChildLoader,
            "dev.isolates.tests.Looping.run"),
        Arguments.of("a class loader of its own, from a buffer",
            (IsolatedRunnable) Definitions::spinInAClassDefinedFromABuffer, "dev.isolates.tests.Looping.run"),
        Arguments.of("Lookup.defineClass", (IsolatedRunnable) Definitions::spinInAClassDefinedByALookup,
            "dev.isolates.tests.Looping.run"),
        // Stack traces leave the frames of hidden classes out: the one below shows.
        Arguments.of("Lookup.defineHiddenClass", (IsolatedRunnable) Definitions::spinInAHiddenClass,
            "dev.isolates.tests.Definitions.run"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void aLoopInAClassThatTheIsolatesCodeDefined_isStoppedByCancel(String how, IsolatedRunnable spin, String where)
      throws InterruptedException {
    try (Isolate isolate = Isolates.create(SHARING_RENDEZVOUS)) {
      Caller caller = Caller.untilRunning(isolate, spin);
      assertThat(isolate.cancel(LONG)).as("no thread inside after cancel").isTrue();
      assertThat(caller.end()).isInstanceOfSatisfying(ExecutionCancelledException.class, e -> {
        assertThat(e.reason()).isEqualTo(CancelReason.CANCEL);
        assertThat(e.excInfo().stackTrace()).as("where it stopped").contains(where);
      });
    }
  }

  @ParameterizedTest(name = "platform loader as parent: {0}")
  @ValueSource(booleans = {false, true})
  void aClassOfALoaderWhoseParentsDoNotLeadToTheIsolate_isDefinedUnchanged(boolean platformParent) {
    // Rewritten, its loop's poll would name a Guest that its loader cannot find: NoClassDefFoundError.
    try (Isolate isolate = Isolates.create()) {
      assertThat(isolate.call(Definitions::sumInAnUnrelatedLoader, platformParent, 100L)).isEqualTo(5050L);
    }
  }

  /**
   * Groovy's classes, and the values they attach to JDK classes, go with a terminated isolate. JDK 17 alone keeps
   * its loader after that: the JDK's own method handles keep their last adaptation to a type strongly, which JDK 18
   * changed (JDK-8078641). The child program names each such handle, and shows that nothing else keeps the loader.
   */
  @Test
  void anIsolateThatRanGroovy_isCollectedOnceTerminated_butWhileJdk17KeepsAMethodHandleOfIt() throws Exception {
    String output = ChildJvm.run(GroovyUnload.class, true,
        List.of("-XX:SoftRefLRUPolicyMSPerMB=0", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 18) {
      assertThat(output).contains("collected").doesNotContain("kept");
    } else {
      assertThat(output).contains("kept", "java.lang.invoke.MethodHandleImpl.ARRAYS[",
          "java.lang.invoke.MethodHandles.IDENTITY_MHS[", ".asTypeCache.type: ", "collected without them");
    }
  }
}
