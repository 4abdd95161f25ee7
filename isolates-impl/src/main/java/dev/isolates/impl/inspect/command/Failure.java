package dev.isolates.impl.inspect.command;

/** Ends the command with a status and one line on standard error. */
final class Failure extends Exception {
  private static final long serialVersionUID = 1L;

  /** 2 for a usage error, 1 for everything else. */
  final int status;

  private Failure(int status, String message) {
    super(message);
    this.status = status;
  }

  /** A usage error: the command line itself is wrong; the usage text follows the message. */
  static Failure usage(String message) {
    return new Failure(InspectCommand.USAGE_ERROR, message);
  }

  /** Any other failure. */
  static Failure of(String message) {
    return new Failure(InspectCommand.FAILED, message);
  }
}
