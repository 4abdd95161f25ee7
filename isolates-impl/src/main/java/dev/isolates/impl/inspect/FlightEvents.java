package dev.isolates.impl.inspect;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** The event types, and the code that fills them in; loaded only once a recording runs. */
final class FlightEvents {
  private static final String CATEGORY = "Isolates";

  private FlightEvents() {}

  static Object callStarted() {
    CallEvent event = new CallEvent();
    event.begin();
    return event;
  }

  static boolean callEnded(Object started) {
    CallEvent event = (CallEvent) started;
    event.end();
    return event.shouldCommit();
  }

  static void recordCall(Object ended, long isolateId, String task) {
    CallEvent event = (CallEvent) ended;
    event.isolateId = isolateId;
    event.task = task;
    event.commit();
  }

  static void isolateCreated(long isolateId) {
    IsolateCreateEvent event = new IsolateCreateEvent();
    event.isolateId = isolateId;
    event.commit();
  }

  static void isolateClosed(long isolateId) {
    IsolateCloseEvent event = new IsolateCloseEvent();
    event.isolateId = isolateId;
    event.commit();
  }

  static void cancelled(long isolateId, String reason) {
    CancelEvent event = new CancelEvent();
    event.isolateId = isolateId;
    event.reason = reason;
    event.commit();
  }

  @Name("dev.isolates.IsolateCreate")
  @Label("Isolate Create")
  @Category(CATEGORY)
  @Description("An isolate was created")
  static final class IsolateCreateEvent extends Event {
    @Label("Isolate Id")
    long isolateId;
  }

  @Name("dev.isolates.IsolateClose")
  @Label("Isolate Close")
  @Category(CATEGORY)
  @Description("An isolate was closed")
  static final class IsolateCloseEvent extends Event {
    @Label("Isolate Id")
    long isolateId;
  }

  /**
   * Without a stack trace: calls can come millions of times a second, and the task names the code. For the same
   * reason a recording whose settings do not name this event (the JDK's default and profile settings) keeps only
   * calls of 20 ms or more, as it does for the JDK's own per-call events such as {@code jdk.JavaMonitorWait}.
   */
  @Name("dev.isolates.Call")
  @Label("Isolate Call")
  @Category(CATEGORY)
  @Description("A call, callInThread task or exec that ran inside an isolate")
  @StackTrace(false)
  @Threshold("20 ms")
  static final class CallEvent extends Event {
    @Label("Isolate Id")
    long isolateId;

    @Label("Task")
    @Description("The task's implementation method, such as com.example.Demo::sum")
    String task;
  }

  @Name("dev.isolates.Cancel")
  @Label("Isolate Cancel")
  @Category(CATEGORY)
  @Description("The tasks executing inside an isolate were stopped")
  static final class CancelEvent extends Event {
    @Label("Isolate Id")
    long isolateId;

    @Label("Reason")
    String reason;
  }
}
