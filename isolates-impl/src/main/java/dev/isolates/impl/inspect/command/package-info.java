/**
 * The attach command, {@code java -jar isolates-impl-<version>.jar ps|stacks|queues|exec <pid> [options]}: it
 * attaches to a running JVM of the same user with the JDK's Attach API, starts the JDK's local management agent
 * there (as jconsole does), and reads the isolates' management beans over JMX. It runs in a JVM of its own with
 * the impl jar alone on the class path, so it uses the JDK and nothing else: no other class of this library, not
 * even the {@code dev.isolates} API. See {@link dev.isolates.impl.inspect.command.InspectCommand}. Not API.
 */
package dev.isolates.impl.inspect.command;
