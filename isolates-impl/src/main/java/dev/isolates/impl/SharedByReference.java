package dev.isolates.impl;

/**
 * Marks the runtime's objects that cross isolates by reference instead of being copied: isolate handles and
 * queues. Their classes belong to the runtime, which every isolate shares, and their state lives outside any
 * isolate.
 */
interface SharedByReference {}
