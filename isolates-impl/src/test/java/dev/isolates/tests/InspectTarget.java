package dev.isolates.tests;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM that {@link InspectCommandTest} inspects: a named isolate with a thread blocked inside it, an idle one, a
 * bounded queue holding items and a durable queue. Prints {@code caller <frame>} for each frame below the blocked
 * thread's {@link #hold}, then {@code ready <parser> <idle> <work> <durable>} (the ids) once set up; ends when its
 * standard input ends, and then prints {@code closed cleanly} once every isolate and queue closed, which a thread
 * left inside an isolate would prevent.
 */
public final class InspectTarget {
  /** In the parser isolate's copy of this class: the queues of {@link #hold}. */
  private static IsolateQueue<String> holdRelease;
  private static IsolateQueue<List<String>> holdCallers;

  private InspectTarget() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try (Isolate parser = Isolates.create(IsolateConfig.builder().name("parser").build());
        Isolate idle = Isolates.create();
        IsolateQueue<String> work = Isolates.createQueue(10);
        IsolateQueue<String> durable = Isolates.openQueue(Path.of(args[0]));
        IsolateQueue<String> release = Isolates.createQueue();
        IsolateQueue<List<String>> callers = Isolates.createQueue()) {
      parser.call(Demo::countCall);
      parser.call(Demo::countCall);
      work.put("a");
      work.put("b");
      work.put("c");
      Thread holder = parser.callInThread(InspectTarget::enter, release, callers);
      for (String caller : callers.get()) {
        System.out.println("caller " + caller);
      }
      while (holder.getState() != Thread.State.WAITING && holder.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait(); // until it blocks in hold(), where stacks must find it
      }
      System.out.println("ready " + parser.id() + " " + idle.id() + " " + work.id() + " " + durable.id());
      while (System.in.read() >= 0) {
        // until the test closes our input
      }
      release.put("stop");
      holder.join();
    }
    System.out.println("closed cleanly");
  }

  /**
   * Calls {@link #hold} through reflection and a method handle, whose JDK frames {@code stacks} must leave out
   * exactly where an exception's stack trace leaves them out (which ones depends on the JDK). The methods take no
   * arguments, the shape whose method handle code the JDK has ready in its {@code $Holder} classes rather than
   * spinning hidden classes.
   */
  public static void enter(IsolateQueue<String> release, IsolateQueue<List<String>> callers) throws Exception {
    holdRelease = release;
    holdCallers = callers;
    InspectTarget.class.getMethod("throughAHandle").invoke(null);
  }

  public static void throughAHandle() throws Throwable {
    MethodHandles.lookup().findStatic(InspectTarget.class, "hold", MethodType.methodType(void.class)).invokeExact();
  }

  /**
   * Puts the frames that an exception's stack trace shows below this method into {@code callers}, formatted as
   * {@code stacks} formats them, then blocks inside the isolate until released: what {@code stacks} shows.
   */
  public static void hold() {
    StackTraceElement[] frames = new Throwable().getStackTrace();
    List<String> below = new ArrayList<>();
    for (int i = 1; i < frames.length; i++) {
      StackTraceElement frame = frames[i];
      below.add(frame.getClassName() + "." + frame.getMethodName() + "(" + (frame.isNativeMethod() ? "Native Method"
          : frame.getFileName() == null ? "Unknown Source"
          : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber()
          : frame.getFileName()) + ")");
    }
    holdCallers.put(below);
    holdRelease.get();
  }
}
