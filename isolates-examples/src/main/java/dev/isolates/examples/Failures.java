package dev.isolates.examples;

import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateException;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import java.net.Socket;
import java.time.Duration;

/**
 * Failures, as a user sees them: a task that throws, an argument that cannot cross into an isolate, and an
 * isolate closed while a thread still runs inside it. Each message says what went wrong, where, and what to do.
 */
public final class Failures {
  private Failures() {}

  static int parsePort(String text) {
    return Integer.parseInt(text);
  }

  static String describe(Socket socket) {
    return String.valueOf(socket);
  }

  static void waitForStop(IsolateQueue<String> stop) {
    stop.get(Duration.ofSeconds(30));
  }

  public static void main(String[] args) throws InterruptedException {
    Isolate isolate = Isolates.create();
    try {
      System.out.println("1. A task throws:");
      try {
        isolate.call(Failures::parsePort, "eighty");
      } catch (ExecutionFailedException e) {
        System.out.println(indent(e.getMessage().lines().limit(7)));
        System.out.println("   excInfo().typeName() = " + e.excInfo().typeName());
        System.out.println("   the isolate is still usable: parsePort(\"80\") = " + isolate.call(Failures::parsePort, "80"));
      }

      System.out.println("2. An argument cannot cross into the isolate:");
      try {
        isolate.call(Failures::describe, new Socket());
      } catch (NotShareableException e) {
        System.out.println(indent(e.getMessage().lines()));
      }

      System.out.println("3. The isolate is closed while a thread runs inside it:");
      try (IsolateQueue<String> stop = Isolates.createQueue()) {
        Thread worker = isolate.callInThread(Failures::waitForStop, stop);
        try {
          isolate.close();
        } catch (IsolateException e) {
          System.out.println(indent(e.getMessage().lines()));
        }
        stop.put("stop");
        worker.join();
      }
    } finally {
      isolate.close();
    }
  }

  private static String indent(java.util.stream.Stream<String> lines) {
    return lines.map(line -> "   " + line).collect(java.util.stream.Collectors.joining("\n"));
  }
}
