package dev.isolates.tests;

import java.io.IOException;

/**
 * A JVM without the isolates runtime, for {@link InspectCommandTest}: it uses the JDK alone, runs with the test
 * classes alone on its class path, prints {@code ready} and waits for its input to end.
 */
public final class PlainJvm {
  private PlainJvm() {}

  public static void main(String[] args) throws IOException {
    System.out.println("ready");
    System.in.readAllBytes();
  }
}
