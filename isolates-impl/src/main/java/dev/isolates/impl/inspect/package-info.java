/**
 * Seeing into a live JVM's isolates: the management beans of isolates and queues ({@link
 * dev.isolates.impl.inspect.Beans}), the flight recorder events ({@link dev.isolates.impl.inspect.Flight}), and the
 * in-memory compiler behind {@code Isolate.exec} ({@link dev.isolates.impl.inspect.StatementCompiler}). The runtime
 * ({@code dev.isolates.impl}) calls into this package; this package knows the isolates only through {@link
 * dev.isolates.impl.inspect.InspectedIsolate} and the API's {@link dev.isolates.IsolateQueue}, and uses the
 * {@code loader} package beneath. The attach command, which runs in a JVM of its own, is in the sub-package
 * {@code command} and uses the JDK alone. Not API.
 */
package dev.isolates.impl.inspect;
