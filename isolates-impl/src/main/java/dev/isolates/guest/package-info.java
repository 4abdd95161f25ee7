/**
 * The class that the code of every isolate calls where the class rewriting of
 * {@link dev.isolates.impl.loader.IsolateClassLoader} changed it. Unlike the rest of the runtime, this package is
 * not shared: each isolate defines its own copy of it. Not API.
 */
package dev.isolates.guest;
