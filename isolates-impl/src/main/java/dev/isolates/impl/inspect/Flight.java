package dev.isolates.impl.inspect;

import dev.isolates.CancelReason;

/**
 * The runtime's flight recorder events: {@code dev.isolates.IsolateCreate}, {@code dev.isolates.IsolateClose},
 * {@code dev.isolates.Call} (a duration event per {@code call} and per {@code callInThread} task) and
 * {@code dev.isolates.Cancel}.
 *
 * <p>Cost-free while no recording runs: a {@link jdk.jfr.FlightRecorderListener} keeps one volatile flag, and
 * each method here reads that flag alone before anything else, and creates no event object while it is false.
 * The event classes are loaded only once a recording runs, so a runtime image without the {@code jdk.jfr} module
 * works, with no events.
 */
public final class Flight {
  /**
   * Whether some recording is running; written by {@link RecordingWatch}, read on every call. A call that
   * races with the start or stop of a recording may be recorded or not, like any event of that moment.
   */
  private static volatile boolean recording;

  static {
    if (ModuleLayer.boot().findModule("jdk.jfr").isPresent()) {
      RecordingWatch.install();
    }
  }

  private Flight() {}

  /**
   * Starts the event of a call, if a recording runs.
   *
   * @return the started event, to hand to {@link #callEnded}; null, with nothing allocated, when no recording runs
   */
  public static Object callStarted() {
    return recording ? FlightEvents.callStarted() : null;
  }

  /**
   * Ends the event of a call, and tells whether the recording wants it: enabled, and at least as long as its
   * threshold. Only then is it worth naming the task for {@link #recordCall}.
   *
   * @param started what {@link #callStarted()} returned, not null
   * @return whether to record it
   */
  public static boolean callEnded(Object started) {
    return FlightEvents.callEnded(started);
  }

  /**
   * Records the event of a call that {@link #callEnded} said to record.
   *
   * @param ended the event, ended
   * @param isolateId the isolate the task ran in
   * @param task the task's name, such as {@code com.example.Demo::sum}
   */
  public static void recordCall(Object ended, long isolateId, String task) {
    FlightEvents.recordCall(ended, isolateId, task);
  }

  /**
   * Records the creation of an isolate, if a recording runs.
   *
   * @param isolateId the new isolate's id
   */
  public static void isolateCreated(long isolateId) {
    if (recording) {
      FlightEvents.isolateCreated(isolateId);
    }
  }

  /**
   * Records the close of an isolate, if a recording runs.
   *
   * @param isolateId the closed isolate's id
   */
  public static void isolateClosed(long isolateId) {
    if (recording) {
      FlightEvents.isolateClosed(isolateId);
    }
  }

  /**
   * Records that tasks inside an isolate were stopped, if a recording runs; called by the cancellation code each
   * time it stops the tasks of an isolate.
   *
   * @param isolateId the isolate whose tasks were stopped
   * @param reason why
   */
  public static void cancelled(long isolateId, CancelReason reason) {
    if (recording) {
      FlightEvents.cancelled(isolateId, reason.name());
    }
  }

  /** Tells whether the recording flag is up; for tests. */
  static boolean isRecording() {
    return recording;
  }

  /** Called by {@link RecordingWatch} whenever a recording changes state. */
  static void recording(boolean running) {
    recording = running;
  }
}
