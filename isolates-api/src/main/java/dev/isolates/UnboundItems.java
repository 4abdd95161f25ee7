package dev.isolates;

/**
 * What a queue does with an item whose producing isolate was closed before the item was taken (Python's
 * {@code UNBOUND}, {@code UNBOUND_ERROR} and {@code UNBOUND_REMOVE}). Items put by the main isolate are never
 * unbound.
 *
 * @see Isolates#createQueue(int, UnboundItems)
 */
public enum UnboundItems {
  /** {@link IsolateQueue#get()} hands out {@code null} in place of the item. The default. */
  REPLACE,
  /** {@link IsolateQueue#get()} throws {@link ItemIsolateClosedException} in place of the item. */
  ERROR,
  /** The item is dropped when its isolate closes; {@link IsolateQueue#size()} no longer counts it. */
  REMOVE
}
