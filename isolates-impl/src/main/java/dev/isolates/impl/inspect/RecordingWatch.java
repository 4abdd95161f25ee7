package dev.isolates.impl.inspect;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Keeps {@link Flight}'s flag equal to "some recording is running". Loaded only when the {@code jdk.jfr} module is
 * present. Adding the listener does not start the flight recorder: it is told when the recorder starts, and at
 * once if it already has (a JVM started with {@code -XX:StartFlightRecording}).
 */
final class RecordingWatch implements FlightRecorderListener {
  private RecordingWatch() {}

  static void install() {
    if (FlightRecorder.isAvailable()) {
      FlightRecorder.addListener(new RecordingWatch());
    }
  }

  @Override
  public void recorderInitialized(FlightRecorder recorder) {
    update(recorder);
  }

  @Override
  public void recordingStateChanged(Recording changed) {
    update(FlightRecorder.getFlightRecorder());
  }

  /** Synchronized so that two notifications cannot leave the older answer in the flag. */
  private static synchronized void update(FlightRecorder recorder) {
    boolean running = false;
    for (Recording recording : recorder.getRecordings()) {
      running |= recording.getState() == RecordingState.RUNNING;
    }
    Flight.recording(running);
  }
}
