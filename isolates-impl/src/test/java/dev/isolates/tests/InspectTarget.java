package dev.isolates.tests;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JVM that {@link InspectCommandTest} inspects: a named isolate with a thread blocked inside it, an idle one, a
 * bounded queue holding items and a durable queue. Prints {@code ready <parser> <idle> <work> <durable>} (the ids)
 * once set up, ends when its standard input ends, and then prints {@code closed cleanly} once every isolate and
 * queue closed, which a thread left inside an isolate would prevent.
 */
public final class InspectTarget {
  private InspectTarget() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try (Isolate parser = Isolates.create(IsolateConfig.builder().name("parser").build());
        Isolate idle = Isolates.create();
        IsolateQueue<String> work = Isolates.createQueue(10);
        IsolateQueue<String> durable = Isolates.openQueue(Path.of(args[0]));
        IsolateQueue<String> release = Isolates.createQueue()) {
      parser.call(Demo::countCall);
      parser.call(Demo::countCall);
      work.put("a");
      work.put("b");
      work.put("c");
      Thread holder = parser.callInThread(InspectTarget::hold, release);
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

  /** Blocks inside the isolate until released: what {@code stacks} shows. */
  public static String hold(IsolateQueue<String> release) {
    return release.get();
  }
}
