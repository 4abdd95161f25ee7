package dev.isolates.hazelcast;

import dev.isolates.IsolateConfig;
import dev.isolates.IsolateLimits;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a member needs of a pool's {@link IsolateConfig} to create the pool's isolate there, in a form that
 * travels: the config itself is not {@code Serializable}. Class path entries travel as absolute paths, so they
 * must name the same folders and jars on every member.
 *
 * @param name the config's name, or null
 * @param callTimeout null when unlimited
 * @param callAllocatedBytes 0 when unlimited
 * @param cpuTime null when unlimited
 * @param threads 0 when unlimited
 */
record TenantSpec(String name, List<String> classpath, List<String> sharedPackages, Duration callTimeout,
    long callAllocatedBytes, Duration cpuTime, int threads, boolean accounting) implements Serializable {

  static TenantSpec of(IsolateConfig config) {
    IsolateLimits limits = config.limits();
    return new TenantSpec(config.name().orElse(null),
        config.classpath().stream().map(Path::toString).collect(Collectors.toUnmodifiableList()),
        config.sharedPackages(), limits.callTimeout().orElse(null), limits.callAllocatedBytes().orElse(0),
        limits.cpuTime().orElse(null), limits.threads().orElse(0), config.accounting());
  }

  /**
   * Rebuilds the config on a member.
   *
   * @param pool the pool's name, which names the isolate when the config does not
   * @param member where the isolate lives, {@code host:port}, added to its name
   * @throws IllegalArgumentException if a class path entry does not exist on this member
   */
  IsolateConfig toConfig(String pool, String member) {
    IsolateLimits.Builder limits = IsolateLimits.builder();
    if (callTimeout != null) {
      limits.callTimeout(callTimeout);
    }
    if (callAllocatedBytes != 0) {
      limits.callAllocatedBytes(callAllocatedBytes);
    }
    if (cpuTime != null) {
      limits.cpuTime(cpuTime);
    }
    if (threads != 0) {
      limits.threads(threads);
    }
    IsolateConfig.Builder config = IsolateConfig.builder()
        .name((name != null ? name : pool) + "@" + member)
        .sharedPackages(sharedPackages.toArray(String[]::new))
        .limits(limits.build())
        .accounting(accounting);
    if (!classpath.isEmpty()) {
      config.classpath(classpath.stream().map(Path::of).collect(Collectors.toList()));
    }
    return config.build();
  }
}
