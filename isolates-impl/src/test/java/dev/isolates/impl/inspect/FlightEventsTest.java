package dev.isolates.impl.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateExitException;
import dev.isolates.IsolateLimits;
import dev.isolates.Isolates;
import dev.isolates.tests.ChildJvm;
import dev.isolates.tests.Demo;
import dev.isolates.tests.Runaway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flight recorder events: recorded while a recording runs, and nothing at all while none does. */
class FlightEventsTest {

  @Test
  void events_areRecorded_whileARecordingRuns(@TempDir Path folder) throws Exception {
    long id;
    Path file = folder.resolve("isolates.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.isolates.IsolateCreate");
      recording.enable("dev.isolates.IsolateClose");
      recording.enable("dev.isolates.Call").withoutThreshold();
      recording.enable("dev.isolates.Cancel");
      recording.start();
      assertThat(Flight.isRecording()).isTrue();
      IsolateConfig timed = IsolateConfig.builder()
          .limits(IsolateLimits.builder().callTimeout(Duration.ofMillis(100)).build()).build();
      try (Isolate isolate = Isolates.create(timed)) {
        id = isolate.id();
        assertThat(isolate.call(Demo::sum, 10, 2)).isEqualTo(12);
        isolate.callInThread(Demo::countCall).join();
        assertThatThrownBy(() -> isolate.call(Runaway::spin)).isInstanceOfSatisfying(
            ExecutionCancelledException.class, e -> assertThat(e.reason()).isEqualTo(CancelReason.CALL_TIMEOUT));
        Thread runaway = isolate.callInThread(Runaway::spin);
        runaway.setUncaughtExceptionHandler((thread, e) -> { });
        assertThat(isolate.cancel(Duration.ofSeconds(30))).isTrue();
        runaway.join();
      }
      recording.stop();
      recording.dump(file);
    }
    assertThat(Flight.isRecording()).isFalse();
    List<RecordedEvent> events = new ArrayList<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (event.getEventType().getName().startsWith("dev.isolates.") && event.getLong("isolateId") == id) {
        events.add(event);
      }
    }
    assertThat(events).extracting(event -> event.getEventType().getName())
        .containsOnly("dev.isolates.IsolateCreate", "dev.isolates.Call", "dev.isolates.Cancel",
            "dev.isolates.IsolateClose");
    assertThat(names(events, "dev.isolates.IsolateCreate")).hasSize(1);
    assertThat(names(events, "dev.isolates.IsolateClose")).hasSize(1);
    assertThat(events).filteredOn(event -> event.getEventType().getName().equals("dev.isolates.Call"))
        .extracting(event -> event.getString("task"), event -> event.getDuration().isNegative())
        .containsExactlyInAnyOrder(tuple("dev.isolates.tests.Demo::sum", false),
            tuple("dev.isolates.tests.Demo::countCall", false), tuple("dev.isolates.tests.Runaway::spin", false),
            tuple("dev.isolates.tests.Runaway::spin", false));
    assertThat(events).filteredOn(event -> event.getEventType().getName().equals("dev.isolates.Cancel"))
        .extracting(event -> event.getString("reason")).containsExactly("CALL_TIMEOUT", "CANCEL");
  }

  @Test
  void aRecordingWithTheDefaultSettings_keepsOnlyCallsOf20MsOrMore(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("default.jfr");
    long id;
    try (Isolate isolate = Isolates.create(); Recording recording = new Recording()) {
      id = isolate.id();
      isolate.call(Demo::sum, 0, 2); // the first call loads classes, and may take longer than 20 ms
      recording.enable("dev.isolates.Call"); // the event's own default threshold
      recording.start();
      for (int i = 0; i < 10; i++) {
        isolate.call(Demo::sum, i, 2);
      }
      isolate.call(Runaway::busyFor, 40L);
      recording.stop();
      recording.dump(file);
    }
    // What is kept depends on the threshold alone: a short call slowed past 20 ms by a busy machine is kept too.
    List<RecordedEvent> calls = RecordingFile.readAllEvents(file).stream()
        .filter(event -> event.getEventType().getName().equals("dev.isolates.Call") && event.getLong("isolateId") == id)
        .collect(Collectors.toList());
    assertThat(calls).extracting(event -> event.getString("task")).contains("dev.isolates.tests.Runaway::busyFor");
    assertThat(calls).allSatisfy(event ->
        assertThat(event.getDuration()).as(event.getString("task")).isGreaterThanOrEqualTo(Duration.ofMillis(20)));
  }

  @Test
  void noEventObject_isStarted_whileNoRecordingRuns() {
    assertThat(Flight.isRecording()).isFalse();
    assertThat(Flight.callStarted()).as("the event a call would start").isNull();
  }

  @Test
  void withoutTheOptionalJdkModules_isolatesStillWork() throws Exception {
    String output = ChildJvm.run(WithoutOptionalModules.class, false,
        List.of("--limit-modules", "java.base,java.logging,jdk.unsupported"));
    assertThat(output)
        .contains("modules jdk.jfr, java.management, java.compiler, java.sql, java.desktop: false, false, false,"
            + " false, false")
        .contains("sum = 12")
        .contains("exit status 3")
        .contains("exec: java.lang.UnsupportedOperationException: exec compiles Java statements, and this Java"
            + " runtime has no Java compiler")
        .endsWith("closed\n");
  }

  private static List<String> names(List<RecordedEvent> events, String type) {
    return events.stream().map(event -> event.getEventType().getName()).filter(type::equals)
        .collect(Collectors.toList());
  }

  /** Exercises the runtime in a JVM whose module graph lacks the optional modules. */
  static final class WithoutOptionalModules {
    public static void main(String[] args) {
      System.out.println("modules jdk.jfr, java.management, java.compiler, java.sql, java.desktop: "
          + present("jdk.jfr") + ", " + present("java.management") + ", " + present("java.compiler") + ", "
          + present("java.sql") + ", " + present("java.desktop"));
      try (Isolate isolate = Isolates.create()) {
        System.out.println("sum = " + isolate.call(Demo::sum, 10, 2));
        try {
          isolate.call(Runaway::exit, 3); // the isolate's rewritten Runaway calls its Guest, which also knows JDBC
        } catch (IsolateExitException e) {
          System.out.println("exit status " + e.status());
        }
        try {
          isolate.exec("return 1;");
        } catch (UnsupportedOperationException e) {
          System.out.println("exec: " + e);
        }
      }
      System.out.println("closed");
    }

    private static boolean present(String module) {
      return ModuleLayer.boot().findModule(module).isPresent();
    }
  }
}
