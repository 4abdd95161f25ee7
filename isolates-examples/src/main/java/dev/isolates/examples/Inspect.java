package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Inspecting a running JVM: a small shop, a 'frontend' isolate that puts orders on a bounded queue as fast as it
 * can and a 'billing' isolate that takes them slowly, is looked at from outside by the attach command, run from a
 * child process against this JVM's pid exactly as a user would run it from a shell: {@code ps}, {@code stacks},
 * {@code queues}, and {@code exec}, refused, and still refused after this application sets the property that allows
 * it, since the runtime read that property once, when it started.
 */
public final class Inspect {
  /** The attach command's main class, for when the runtime's classes are a folder rather than the jar. */
  private static final String COMMAND = "dev.isolates.impl.inspect.command.InspectCommand";
  private static final String REMOTE_EXEC = "isolates.remoteExec";
  private static final int STOP = -1;

  /** Orders billed in this isolate; each isolate has its own copy of this field. */
  private static int processed;

  private Inspect() {}

  /** The billing isolate's count, for {@code exec}. */
  public static int processed() {
    return processed;
  }

  /** Puts orders until told to stop; the queue is mostly full, so this mostly waits for room. */
  static void takeOrders(IsolateQueue<Integer> orders, IsolateQueue<String> control) {
    int order = 0;
    while (control.poll() == null) {
      orders.put(++order);
    }
    orders.put(STOP);
  }

  /** Bills orders slowly, until the stop item. */
  static void bill(IsolateQueue<Integer> orders) throws InterruptedException {
    for (int order = orders.get(); order != STOP; order = orders.get()) {
      Thread.sleep(2);
      processed++;
    }
  }

  public static void main(String[] args) throws Exception {
    String pid = String.valueOf(ProcessHandle.current().pid());
    try (Isolate frontend = Isolates.create(IsolateConfig.builder().name("frontend").build());
        Isolate billing = Isolates.create(IsolateConfig.builder().name("billing").build());
        IsolateQueue<Integer> orders = Isolates.createQueue(100);
        IsolateQueue<String> control = Isolates.createQueue()) {
      Thread producer = frontend.callInThread(Inspect::takeOrders, orders, control);
      Thread consumer = billing.callInThread(Inspect::bill, orders);
      while (!orders.isFull()) {
        Thread.sleep(10); // until the shop is busy
      }
      try {
        System.out.println("this JVM, pid " + pid + ", runs isolates 'frontend' (" + frontend.id()
            + ") and 'billing' (" + billing.id() + ") with a queue of orders between them; the attach command, run"
            + " from a child process:");
        inspect("ps", pid);
        inspect("stacks", pid);
        inspect("queues", pid);
        List<String> exec = List.of("exec", pid, "--isolate", String.valueOf(billing.id()),
            "-e", "return \"billed \" + dev.isolates.examples.Inspect.processed() + \" orders\";");
        inspect(exec.toArray(new String[0]));
        String before = System.getProperty(REMOTE_EXEC);
        // Too late: the runtime read the property when it started; code in an isolate could set it just as well.
        System.setProperty(REMOTE_EXEC, "true");
        try {
          System.out.println();
          System.out.println("once the application sets " + REMOTE_EXEC + "=true at run time, still refused: only a"
              + " JVM started with -D" + REMOTE_EXEC + "=true allows it");
          inspect(exec.toArray(new String[0]));
        } finally {
          if (before == null) {
            System.clearProperty(REMOTE_EXEC);
          } else {
            System.setProperty(REMOTE_EXEC, before);
          }
        }
      } finally {
        control.put("stop"); // also when inspecting failed: the two tasks end, and the isolates can close
        producer.join();
        consumer.join();
      }
    }
  }

  /** Runs the attach command in a child process and prints what it printed, and its status if it failed. */
  private static void inspect(String... args) throws IOException, InterruptedException, URISyntaxException {
    System.out.println();
    System.out.println("$ java -jar isolates-impl.jar " + String.join(" ", quoted(args)));
    List<String> command = new ArrayList<>(command());
    command.addAll(List.of(args));
    // To a file, not a pipe: a command that hangs must not block this thread in a read.
    Path output = Files.createTempFile("isolates-inspect-", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the attach command did not end: " + command);
      }
      System.out.print(new String(Files.readAllBytes(output), StandardCharsets.UTF_8));
      if (process.exitValue() != 0) {
        System.out.println("(exit status " + process.exitValue() + ")");
      }
    } finally {
      Files.delete(output);
    }
  }

  /**
   * The command: {@code java -jar} the runtime's jar, found where the runtime's classes come from; or, when they
   * come from a folder (an IDE, a build before packaging), its main class with that folder as the class path.
   */
  private static List<String> command() throws URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path runtime = Path.of(Isolates.main().getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
    return Files.isDirectory(runtime) ? List.of(java, "-cp", runtime.toString(), COMMAND)
        : List.of(java, "-jar", runtime.toString());
  }

  /** Quotes the arguments a shell would split, as a user would type them. */
  private static List<String> quoted(String[] args) {
    List<String> quoted = new ArrayList<>();
    for (String arg : args) {
      quoted.add(arg.matches("[\\w./:=-]+") ? arg : "'" + arg + "'");
    }
    return quoted;
  }
}
