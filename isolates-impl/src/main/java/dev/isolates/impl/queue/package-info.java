/**
 * Queues between isolates on Chronicle Queue: storage, the protocol that takes each item once, wake-ups, and
 * the handles users hold. Values are encoded and decoded by {@code dev.isolates.impl.value}; what queues need of
 * the rest of the runtime comes in through {@link dev.isolates.impl.queue.QueueContext}. Not API.
 */
package dev.isolates.impl.queue;
