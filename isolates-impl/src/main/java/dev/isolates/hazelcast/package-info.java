/**
 * Isolates on a Hazelcast cluster: {@link dev.isolates.hazelcast.HazelcastIsolates}. Hazelcast is an optional
 * dependency of {@code isolates-impl}; add {@code com.hazelcast:hazelcast} to use this package. Every other type
 * here is an implementation detail.
 */
package dev.isolates.hazelcast;
