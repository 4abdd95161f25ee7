/**
 * The one value model: what may cross between isolates and why not, copying into another isolate's classes,
 * and encoding to and decoding from bytes for queues. Knows nothing of the registry or of queue storage:
 * handles are resolved through a lookup handed in, and bytes go to and come from buffers their owner hands in.
 * Not API.
 */
package dev.isolates.impl.value;
