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
   */
  static void stop(Object server) {
    if (server instanceof Closeable) {
      try {
        ((Closeable) server).close();
      } catch (IOException e) {
        // closed as far as the JDK can; nothing more to do
      }
    } else {
      // Only HttpServers are tracked besides sockets, so jdk.httpserver is there when this line runs.
      ((HttpServer) server).stop(0); // returns once its dispatcher thread has ended
    }
  }
}
