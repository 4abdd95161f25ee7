package dev.isolates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to create an isolate: its name, the class path its own class loader loads, and the packages it shares
 * with the main isolate. Immutable and thread-safe; built with {@link #builder()}:
 *
 * <pre>{@code
 * IsolateConfig config = IsolateConfig.builder()
 *     .name("plugin-a")
 *     .classpath(List.of(Path.of("plugins/a.jar"), Path.of("libs/json-1.2.jar")))
 *     .sharedPackages("com.example.plugin.api")
 *     .build();
 * try (Isolate plugin = Isolates.create(config)) { ... }
 * }</pre>
 *
 * <h2>Class path</h2>
 * An isolate loads every class of its class path itself, child-first, so each isolate has its own copy of
 * those classes and of their static state. By default the class path is the application class path (the
 * {@code java.class.path} of the JVM, with the {@code Class-Path} of jar manifests followed). A class that is
 * on neither the isolate's class path nor shared cannot be used inside it, the isolate's task classes included:
 * put the folder or jar of the code that calls into the isolate on its class path too.
 *
 * <h2>Shared packages</h2>
 * The JDK, this library's API ({@code dev.isolates}) and its runtime are loaded once, by the application
 * class loader, and shared by all isolates. So are the package prefixes given to {@link
 * Builder#sharedPackages}: use them for interfaces that main and the isolate must agree on. Their static state
 * is shared too.
 */
public final class IsolateConfig {
  private static final IsolateConfig DEFAULT = builder().build();
  private static final Pattern PACKAGE_PREFIX =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private final String name;
  private final List<Path> classpath;
  private final List<String> sharedPackages;
  private final IsolateLimits limits;
  private final boolean accounting;

  private IsolateConfig(Builder builder) {
    this.name = builder.name;
    this.classpath = builder.classpath == null ? List.of() : builder.classpath;
    this.sharedPackages = builder.sharedPackages == null ? List.of() : builder.sharedPackages;
    this.limits = builder.limits == null ? IsolateLimits.none() : builder.limits;
    this.accounting = Boolean.TRUE.equals(builder.accounting) || limits.needsAccounting();
  }

  /**
   * Returns the configuration {@link Isolates#create()} uses: no name, the application class path, nothing
   * shared beyond the JDK and this library.
   *
   * @return the default configuration
   */
  public static IsolateConfig defaults() {
    return DEFAULT;
  }

  /**
   * Returns a new builder with every setting at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the isolate's name, used in its {@code toString} and in the names of its threads.
   *
   * @return the name, or empty if none was set
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the class path of the isolate's own class loader.
   *
   * @return absolute, normalized paths of folders and jars, in lookup order; empty to mean the application
   *     class path
   */
  public List<Path> classpath() {
    return classpath;
  }

  /**
   * Returns the package prefixes loaded once, by the application class loader, and shared with every isolate.
   *
   * @return the package prefixes, for example {@code com.example.api}
   */
  public List<String> sharedPackages() {
    return sharedPackages;
  }

  /**
   * Returns what the isolate's tasks may use.
   *
   * @return the limits; {@link IsolateLimits#none()} unless set
   */
  public IsolateLimits limits() {
    return limits;
  }

  /**
   * Tells whether the CPU time and allocated bytes of the isolate's tasks are measured, for
   * {@link Isolate#usage()}: when {@link Builder#accounting(boolean)} asked for it, or a CPU or allocation limit
   * needs it.
   *
   * @return whether the isolate is accounted
   */
  public boolean accounting() {
    return accounting;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof IsolateConfig)) {
      return false;
    }
    IsolateConfig that = (IsolateConfig) other;
    return Objects.equals(name, that.name) && classpath.equals(that.classpath)
        && sharedPackages.equals(that.sharedPackages) && limits.equals(that.limits) && accounting == that.accounting;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, classpath, sharedPackages, limits, accounting);
  }

  @Override
  public String toString() {
    return "IsolateConfig{name=" + name
        + ", classpath=" + (classpath.isEmpty() ? "<application class path>" : classpath)
        + ", sharedPackages=" + sharedPackages
        + (limits.limitsAnything() ? ", limits=" + limits : "")
        + (accounting ? ", accounting" : "") + '}';
  }

  /**
   * Builds an {@link IsolateConfig}. Each setting is checked when it is set and may be set once. Not
   * thread-safe.
   */
  public static final class Builder {
    private String name;
    private List<Path> classpath;
    private List<String> sharedPackages;
    private IsolateLimits limits;
    private Boolean accounting;

    private Builder() {}

    /**
     * Sets the isolate's name, shown by its {@code toString} and in the names of its threads.
     *
     * @param name a non-blank name without control characters
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or has control characters
     * @throws IllegalStateException if the name was already set
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      requireState(this.name == null, "name was already set to '%s'", this.name);
      requireArgument(!name.isBlank(), "name must not be blank, but was '%s'", name);
      requireArgument(name.chars().noneMatch(Character::isISOControl),
          "name must not contain control characters, but was '%s'", name.replaceAll("\\p{Cntrl}", "?"));
      this.name = name;
      return this;
    }

    /**
     * Sets the folders and jars the isolate's own class loader loads classes and resources from, in lookup
     * order, instead of the application class path.
     *
     * @param classpath existing folders and jar files, at least one
     * @return this builder
     * @throws NullPointerException if {@code classpath} or one of its entries is null
     * @throws IllegalArgumentException if it is empty or an entry does not exist
     * @throws IllegalStateException if the class path was already set
     */
    public Builder classpath(List<Path> classpath) {
      Objects.requireNonNull(classpath, "classpath");
      requireState(this.classpath == null, "classpath was already set to %s", this.classpath);
      requireArgument(!classpath.isEmpty(),
          "classpath must name at least one folder or jar; leave it unset to use the application class path");
      List<Path> entries = new ArrayList<>(classpath.size());
      for (int i = 0; i < classpath.size(); i++) {
        Path entry = Objects.requireNonNull(classpath.get(i), "classpath entry " + i);
        requireArgument(Files.exists(entry),
            "classpath entry %s does not exist: %s (resolved as %s)", i, entry, entry.toAbsolutePath());
        entries.add(entry.toAbsolutePath().normalize());
      }
      this.classpath = List.copyOf(entries);
      return this;
    }

    /**
     * Sets the package prefixes that the application class loader loads once and shares with the isolate;
     * {@code com.example.api} shares that package and every package below it.
     *
     * @param packagePrefixes package names such as {@code com.example.api}
     * @return this builder
     * @throws NullPointerException if the array or one of its elements is null
     * @throws IllegalArgumentException if a prefix is not a valid package name
     * @throws IllegalStateException if the shared packages were already set
     */
    public Builder sharedPackages(String... packagePrefixes) {
      Objects.requireNonNull(packagePrefixes, "packagePrefixes");
      requireState(sharedPackages == null, "sharedPackages was already set to %s", sharedPackages);
      for (int i = 0; i < packagePrefixes.length; i++) {
        String prefix = Objects.requireNonNull(packagePrefixes[i], "shared package " + i);
        requireArgument(PACKAGE_PREFIX.matcher(prefix).matches(),
            "shared package %s is not a package name such as com.example.api: '%s'", i, prefix);
      }
      this.sharedPackages = List.of(packagePrefixes);
      return this;
    }

    /**
     * Sets what the isolate's tasks may use; see {@link IsolateLimits}.
     *
     * @param limits the limits
     * @return this builder
     * @throws NullPointerException if {@code limits} is null
     * @throws IllegalStateException if the limits were already set
     */
    public Builder limits(IsolateLimits limits) {
      Objects.requireNonNull(limits, "limits");
      requireState(this.limits == null, "limits were already set to %s", this.limits);
      this.limits = limits;
      return this;
    }

    /**
     * Sets whether to measure the CPU time and allocated bytes of the isolate's tasks, which
     * {@link Isolate#usage()} then reports. Measuring costs a little on each call (see the README's "Control");
     * a CPU or allocation limit turns it on whatever is set here.
     *
     * @param enabled whether to measure
     * @return this builder
     * @throws IllegalStateException if accounting was already set
     */
    public Builder accounting(boolean enabled) {
      requireState(accounting == null, "accounting was already set to %s", accounting);
      this.accounting = enabled;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return a new immutable configuration
     */
    public IsolateConfig build() {
      return new IsolateConfig(this);
    }

    private static void requireArgument(boolean expression, String template, Object... args) {
      if (!expression) {
        throw new IllegalArgumentException(String.format(template, args));
      }
    }

    private static void requireState(boolean expression, String template, Object... args) {
      if (!expression) {
        throw new IllegalStateException(String.format(template, args));
      }
    }
  }
}
