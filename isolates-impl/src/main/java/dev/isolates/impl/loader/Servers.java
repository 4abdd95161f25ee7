package dev.isolates.impl.loader;

import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;

/**
 * Stops the servers an isolate's code started and left running, for {@code terminate}: the JDK's
 * {@link HttpServer} (whose dispatcher thread is the JDK's code, deaf to interrupts), and server sockets and
 * channels, which hold their ports until closed.
 */
final class Servers {
  private Servers() {}

  /**
   * Stops a server that the class rewriting saw the isolate's code create: closes it, so that its port is free
   * when this method returns.
   *
   * @param server an {@code HttpServer}, or a {@link Closeable} server socket or channel
   * @param deadline a {@link System#nanoTime()} value: an HttpServer still stopping then is left to it
   */
  static void stop(Object server, long deadline) {
    if (server instanceof Closeable) {
      try {
        ((Closeable) server).close();
      } catch (IOException e) {
        // closed as far as the JDK can; nothing more to do
      }
    } else {
      // Only HttpServers are tracked besides sockets, so jdk.httpserver is there when this line runs.
      stop((HttpServer) server, deadline);
    }
  }

  /**
   * Stops an HttpServer, which returns once its dispatcher thread has ended: that waits for a handler the
   * dispatcher runs, which may be the isolate's code that does not return, so the stop runs in a thread of its own
   * that this waits for until the deadline.
   */
  private static void stop(HttpServer server, long deadline) {
    Thread stopping = new Thread(null, () -> server.stop(0), "isolates-server-stop", 0, false);
    stopping.setContextClassLoader(ClassLoader.getSystemClassLoader());
    stopping.setDaemon(true);
    stopping.start();
    try {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        stopping.join(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
