package dev.isolates.impl.inspect.command;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

/**
 * The attach command: shows what the isolates of a running JVM are doing (Python's {@code python -m inspect},
 * {@code asyncio ps}, and {@code sys.remote_exec} for {@code exec}). Run it as
 * {@code java -jar isolates-impl-<version>.jar <command> <pid> [options]}; {@link #USAGE} lists the commands.
 *
 * <p>Exit status: 0 when done; 2 for a usage error, with the usage text on standard error; 1 for anything else,
 * with nothing on standard output and one line on standard error that says what went wrong and names what it is
 * about (the pid, the isolate id, the property to set). Output is written only once it is complete, so a failure
 * halfway leaves none.
 *
 * <p>Nothing the command does changes the target's isolates, apart from what {@code exec}'s statements do: it reads
 * beans, and a failing {@code exec} ends like a failing {@code call} there.
 */
public final class InspectCommand {
  static final int DONE = 0;
  static final int FAILED = 1;
  static final int USAGE_ERROR = 2;

  static final String USAGE = String.join("\n",
      "usage: java -jar isolates-impl.jar <command> <pid> [options]",
      "",
      "Shows what the isolates of a running JVM of the same user are doing.",
      "",
      "commands:",
      "  ps <pid> [--json]",
      "      the live isolates: id, name, whence, running, threads inside, calls, CPU time, loaded classes",
      "  stacks <pid> [--isolate <id>] [--json]",
      "      the threads executing inside each isolate (or one), with their stack frames",
      "  queues <pid> [--json]",
      "      the open queues: id, size, max size, durable folder",
      "  exec <pid> --isolate <id> (-e <statements> | --file <path>)",
      "      runs Java statements inside an isolate, as Isolate.exec does, and prints the value they return;",
      "      the JVM must run with -Disolates.remoteExec=true",
      "",
      "--json prints an array of objects for tools.",
      "exit status: 0 done, 1 failed (one line on standard error), 2 usage error",
      "");

  private static final String[] PS = {"Id", "Name", "Whence", "Running", "ThreadsInside", "Calls", "FailedCalls",
      "LoadedClasses", "CpuTimeNanos", "AllocatedBytes"};

  private InspectCommand() {}

  /**
   * Runs the command and exits with its status.
   *
   * @param args {@code <command> <pid> [options]}
   */
  public static void main(String[] args) {
    // exit rather than return: the JMX client may leave threads behind that would keep this JVM alive
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns its exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && List.of("help", "-h", "--help").contains(args[0])) {
      out.print(USAGE);
      return DONE;
    }
    try {
      if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
        throw Failure.of("this Java runtime has no Attach API (module jdk.attach): run the command with a JDK's java");
      }
      String output = execute(Arguments.parse(args));
      out.print(output);
      out.flush();
      return DONE;
    } catch (Failure failure) {
      err.println("isolates: " + oneLine(failure.getMessage()));
      if (failure.status == USAGE_ERROR) {
        err.println();
        err.print(USAGE);
      }
      return failure.status;
    } catch (RuntimeException unexpected) {
      err.println("isolates: failed unexpectedly: " + oneLine(unexpected.toString()));
      return FAILED;
    }
  }

  private static String execute(Arguments arguments) throws Failure {
    // read before attaching, so that a missing file leaves the target untouched
    String statements = arguments.file == null ? arguments.statements : read(arguments);
    try (TargetJvm jvm = TargetJvm.attach(arguments.pid)) {
      switch (arguments.command) {
        case "ps":
          return ps(jvm, arguments.json);
        case "stacks":
          return stacks(jvm, arguments.isolate, arguments.json);
        case "queues":
          return queues(jvm, arguments.json);
        default:
          return exec(jvm, arguments.isolate, statements);
      }
    }
  }

  private static String ps(TargetJvm jvm, boolean json) throws Failure {
    Json array = new Json();
    TextTable table = new TextTable("ID", "NAME", "WHENCE", "RUNNING", "THREADS", "CALLS", "CPU", "CLASSES");
    for (ObjectName name : jvm.isolates()) {
      Map<String, Object> isolate = jvm.attributes(name, PS);
      if (isolate == null) {
        continue; // closed meanwhile
      }
      if (json) {
        array.object();
        for (String attribute : PS) {
          array.field(Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1), isolate.get(attribute));
        }
      } else {
        String isolateName = (String) isolate.get("Name");
        long cpu = (Long) isolate.get("CpuTimeNanos");
        table.row(isolate.get("Id"), isolateName.isEmpty() ? "-" : isolateName, isolate.get("Whence"),
            yesNo(isolate.get("Running")), isolate.get("ThreadsInside"), isolate.get("Calls"),
            cpu == 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", cpu / 1e6), isolate.get("LoadedClasses"));
      }
    }
    return json ? array.toString() : table.toString();
  }

  private static String stacks(TargetJvm jvm, long only, boolean json) throws Failure {
    List<ObjectName> names = only == Arguments.ALL ? jvm.isolates() : List.of(jvm.isolate(only));
    Json array = new Json();
    StringBuilder text = new StringBuilder();
    HiddenFrames hidden = new HiddenFrames();
    for (ObjectName name : names) {
      Map<String, Object> isolate = jvm.attributes(name, "Id", "Name", "Whence", "ThreadIds");
      if (isolate == null) {
        if (only != Arguments.ALL) {
          throw jvm.noIsolate(only);
        }
        continue; // closed meanwhile
      }
      List<ThreadInfo> threads = jvm.threads((long[]) isolate.get("ThreadIds"));
      String isolateName = (String) isolate.get("Name");
      text.append(text.length() == 0 ? "" : "\n").append("isolate ").append(isolate.get("Id"))
          .append(isolateName.isEmpty() ? "" : " '" + isolateName + "'").append(" (").append(isolate.get("Whence"))
          .append("): ").append(threads.isEmpty() ? "no thread inside"
              : threads.size() + (threads.size() == 1 ? " thread" : " threads")).append('\n');
      for (ThreadInfo thread : threads) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : thread.getStackTrace()) {
          if (!hidden.isHidden(frame)) {
            frames.add(frame(frame));
          }
        }
        if (json) {
          array.object().field("isolateId", isolate.get("Id")).field("thread", thread.getThreadName())
              .field("state", thread.getThreadState().name()).field("frames", frames);
        }
        text.append("  \"").append(thread.getThreadName()).append("\" ").append(thread.getThreadState()).append('\n');
        for (String frame : frames) {
          text.append("      at ").append(frame).append('\n');
        }
      }
    }
    return json ? array.toString() : text.toString();
  }

  private static String queues(TargetJvm jvm, boolean json) throws Failure {
    jvm.isolates(); // a JVM without the runtime is reported as such, not as one without queues
    Json array = new Json();
    TextTable table = new TextTable("ID", "SIZE", "MAX", "DURABLE", "FOLDER");
    boolean any = false;
    for (ObjectName name : jvm.queues()) {
      Map<String, Object> queue = jvm.attributes(name, "Id", "Size", "MaxSize", "Durable", "Folder");
      if (queue == null) {
        continue; // closed meanwhile
      }
      any = true;
      array.object().field("id", queue.get("Id")).field("size", queue.get("Size"))
          .field("maxSize", queue.get("MaxSize")).field("durable", queue.get("Durable"))
          .field("folder", queue.get("Folder"));
      int maxSize = (Integer) queue.get("MaxSize");
      String folder = (String) queue.get("Folder");
      table.row(queue.get("Id"), queue.get("Size"), maxSize == 0 ? "unbounded" : maxSize,
          yesNo(queue.get("Durable")), folder.isEmpty() ? "-" : folder);
    }
    return json ? array.toString() : any ? table.toString() : "JVM " + jvm.pid + " has no open queues\n";
  }

  private static String exec(TargetJvm jvm, long isolateId, String statements) throws Failure {
    ObjectName name = jvm.isolate(isolateId);
    String where = "isolate " + isolateId + " of JVM " + jvm.pid;
    Object value;
    try {
      value = jvm.invoke(name, "exec", new Object[] {statements}, new String[] {String.class.getName()});
    } catch (MBeanException e) {
      throw execFailure(jvm, where, e.getTargetException());
    } catch (RuntimeMBeanException e) {
      throw execFailure(jvm, where, e.getTargetException());
    } catch (InstanceNotFoundException closedMeanwhile) {
      throw jvm.noIsolate(isolateId);
    } catch (JMException e) {
      throw Failure.of("cannot exec in " + where + ": " + e + " (is its isolates runtime older than this command?)");
    }
    return value == null ? "" : value + "\n";
  }

  /** What the target's bean threw, told in one line; see {@code IsolateMXBean.exec}. */
  private static Failure execFailure(TargetJvm jvm, String where, Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof SecurityException) {
      return Failure.of("JVM " + jvm.pid + " does not allow remote exec: start it with -Disolates.remoteExec=true"
          + " to let this command run statements in its isolates");
    }
    if (cause instanceof IllegalArgumentException) {
      int diagnostics = message.indexOf('\n');
      if (diagnostics < 0) { // refused before compiling (a misplaced package line, say): "exec in <isolate>: why"
        return Failure.of("cannot exec in " + where + ": " + message.substring(message.indexOf(": ") + 2));
      }
      return Failure.of("the statements do not compile in " + where + ": " + message.substring(diagnostics + 1));
    }
    if (cause instanceof ExecutionException) {
      return Failure.of("the statements failed in " + where + ": " + message.lines().findFirst().orElse(message));
    }
    if (cause instanceof IllegalStateException) {
      return Failure.of("cannot exec in " + where + ": " + message); // closed since it was looked up, or full
    }
    if (cause instanceof UnsupportedOperationException) {
      return Failure.of("JVM " + jvm.pid + " cannot exec: " + message);
    }
    return Failure.of("exec in " + where + " failed: " + cause);
  }

  private static String read(Arguments arguments) throws Failure {
    try {
      return Files.readString(arguments.file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Failure.of("cannot read the statements from " + arguments.file.toAbsolutePath() + ": " + e);
    }
  }

  /** A frame as {@code com.example.Worker.run(Worker.java:42)}: without the module and loader prefixes. */
  private static String frame(StackTraceElement frame) {
    String where = frame.isNativeMethod() ? "Native Method"
        : frame.getFileName() == null ? "Unknown Source"
        : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber()
        : frame.getFileName();
    return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
  }

  private static String yesNo(Object value) {
    return Boolean.TRUE.equals(value) ? "yes" : "no";
  }

  /** Folds a message onto one line: its lines, trimmed, joined with "; ". */
  private static String oneLine(String message) {
    return String.join("; ", message.strip().split("\\s*\\R\\s*"));
  }
}
