/**
 * Class loading for isolates: the bytes of each class read and rewritten once per JVM and shared, the
 * child-first class loader that gives each isolate its own copy of every class it uses, and the rewriting that
 * makes the isolate's code stoppable ({@link dev.isolates.impl.loader.IsolateHooks}) and keeps its exits,
 * shutdown hooks and thread-locals inside it. Uses nothing else of the runtime. Not API.
 */
package dev.isolates.impl.loader;
