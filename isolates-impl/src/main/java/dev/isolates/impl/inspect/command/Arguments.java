package dev.isolates.impl.inspect.command;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsed command line: {@code <command> <pid> [options]}. */
final class Arguments {
  private static final List<String> COMMANDS = List.of("ps", "stacks", "queues", "exec");
  /** No {@code --isolate} given. */
  static final long ALL = -1;
  /** {@code exec}'s timeout when no {@code --timeout} is given, in seconds. */
  private static final String DEFAULT_TIMEOUT = "30";
  /** A timeout in seconds: whole, or with up to three decimals (milliseconds). */
  private static final Pattern SECONDS = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,3}))?");

  final String command;
  final long pid;
  final boolean json;
  final long isolate;
  /** The statements of {@code -e}, or null. */
  final String statements;
  /** The file of {@code --file}, or null. */
  final Path file;
  /** {@code exec}'s timeout in seconds, as given (for messages). */
  final String timeout;
  /** The same timeout in milliseconds. */
  final long timeoutMillis;

  private Arguments(String command, long pid, boolean json, long isolate, String statements, Path file,
      String timeout, long timeoutMillis) {
    this.command = command;
    this.pid = pid;
    this.json = json;
    this.isolate = isolate;
    this.statements = statements;
    this.file = file;
    this.timeout = timeout;
    this.timeoutMillis = timeoutMillis;
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
    String timeout = DEFAULT_TIMEOUT;
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
        case "--timeout":
          allow(command, option, command.equals("exec"));
          timeout = value(args, ++i, option);
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
    return new Arguments(command, pid, json, isolate, statements, file, timeout, millis(timeout));
  }

  /**
   * Reads {@code --timeout}'s seconds.
   *
   * @throws Failure a usage error, unless they are a number above 0, whole or with up to three decimals
   */
  private static long millis(String seconds) throws Failure {
    Matcher matcher = SECONDS.matcher(seconds);
    if (matcher.matches()) {
      String fraction = matcher.group(2) == null ? "" : matcher.group(2);
      long millis = Long.parseLong(matcher.group(1)) * 1000 + Long.parseLong((fraction + "000").substring(0, 3));
      if (millis > 0) {
        return millis;
      }
    }
    throw Failure.usage("--timeout must be a number of seconds above 0, such as 30 or 0.5, but was '" + seconds
        + "'");
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
