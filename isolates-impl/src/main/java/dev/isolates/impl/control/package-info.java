/**
 * Control of what runs inside isolates: which isolates each thread is inside ({@link
 * dev.isolates.impl.control.ThreadFrame}), cancellation and limits (the stop decision that the polls of the
 * class rewriting ask for, {@link dev.isolates.impl.control.IsolateControl}), the watchdog that samples the
 * threads of limited and accounted isolates, and their usage counters. Uses {@code dev.isolates.impl.loader}
 * alone. Not API.
 */
package dev.isolates.impl.control;
