/**
 * The isolates runtime: the state object of each isolate and the registry that links them, the invoker that
 * runs tasks inside isolates, the pool's executor, and the provider that {@link dev.isolates.Isolates} finds with
 * {@link java.util.ServiceLoader} and that wires the parts together.
 *
 * <p>This package and those below it are not API: their public types are public only so that the parts of the
 * runtime can use each other, and may change in any release. Program against {@code dev.isolates}.
 *
 * <p>The parts, each in its package, depending one way: {@code loader} (class bytes, isolate class loaders and
 * the rewriting) at the bottom; {@code value} (what crosses between isolates, and how), {@code control} (who is
 * inside, cancellation, limits, closing) and {@code inspect} (beans, flight events, {@code exec}'s compiler) over
 * it; {@code queue} (Chronicle-backed queues) over {@code value}; this package over all of them.
 */
package dev.isolates.impl;
