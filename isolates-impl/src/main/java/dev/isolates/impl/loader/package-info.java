/**
 * Class loading for isolates: the bytes of each class read once per JVM and shared, and the child-first class
 * loader that gives each isolate its own copy of every class it uses. Uses nothing else of the runtime. Not API.
 */
package dev.isolates.impl.loader;
