package dev.isolates.impl.inspect.command;

import java.nio.file.Path;
import java.util.List;

/** The parsed command line: {@code <command> <pid> [options]}. */
final class Arguments {
  private static final List<String> COMMANDS = List.of("ps", "stacks", "queues", "exec");
  /** No {@code --isolate} given. */
  static final long ALL = -1;

  final String command;
  final long pid;
  final boolean json;
  final long isolate;
  /** The statements of {@code -e}, or null. */
  final String statements;
  /** The file of {@code --file}, or null. */
  final Path file;

  private Arguments(String command, long pid, boolean json, long isolate, String statements, Path file) {
    this.command = command;
    this.pid = pid;
    this.json = json;
    this.isolate = isolate;
    this.statements = statements;
    this.file = file;
  }

  /**
   * Parses a command line.
   *
   * @throws Failure a usage error that says what is wrong
   */
  static Arguments parse(String[] args) throws Failure {
    if (args.length == 0) {
      throw Failure.usage("no command given");
    }
    String command = args[0];
    if (!COMMANDS.contains(command)) {
      throw Failure.usage("unknown command '" + command + "'; the commands are " + String.join(", ", COMMANDS));
    }
    if (args.length < 2) {
      throw Failure.usage("'" + command + "' needs the pid of the JVM to inspect, for example: " + command + " 4242");
    }
    long pid = number(args[1], "the pid", 1);
    boolean json = false;
    long isolate = ALL;
    String statements = null;
    Path file = null;
    for (int i = 2; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--json":
          allow(command, option, !command.equals("exec"));
          json = true;
          break;
        case "--isolate":
          allow(command, option, command.equals("stacks") || command.equals("exec"));
          isolate = number(value(args, ++i, option), "--isolate's isolate id", 0);
          break;
        case "-e":
          allow(command, option, command.equals("exec"));
          statements = value(args, ++i, option);
          break;
        case "--file":
          allow(command, option, command.equals("exec"));
          file = Path.of(value(args, ++i, option));
          break;
        default:
          throw Failure.usage("unknown option '" + option + "' of '" + command + "'");
      }
    }
    if (command.equals("exec")) {
      if (isolate == ALL) {
        throw Failure.usage("'exec' needs --isolate <id>: the isolate to run the statements in (0 for main)");
      }
      if ((statements == null) == (file == null)) {
        throw Failure.usage("'exec' needs the statements, either -e <statements> or --file <path>, not both");
      }
    }
    return new Arguments(command, pid, json, isolate, statements, file);
  }

  private static void allow(String command, String option, boolean allowed) throws Failure {
    if (!allowed) {
      throw Failure.usage("'" + command + "' has no option " + option);
    }
  }

  private static String value(String[] args, int index, String option) throws Failure {
    if (index >= args.length) {
      throw Failure.usage(option + " needs a value");
    }
    return args[index];
  }

  private static long number(String text, String what, long min) throws Failure {
    try {
      long value = Long.parseLong(text);
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the text
    }
    throw Failure.usage(what + " must be a number" + (min > 0 ? " above 0" : "") + ", but was '" + text + "'");
  }
}
