package dev.isolates;

/**
 * Thrown by {@link IsolateQueue#get()} in place of an item whose producing isolate was closed before the item
 * was taken, when the queue's policy is {@link UnboundItems#ERROR} (Python's {@code ItemInterpreterDestroyed}).
 * The item is consumed: the next {@code get} returns the next item.
 */
public class ItemIsolateClosedException extends QueueException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which queue, and which isolate put the item
   */
  public ItemIsolateClosedException(String message) {
    super(message);
  }
}
