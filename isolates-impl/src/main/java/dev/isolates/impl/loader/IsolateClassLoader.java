package dev.isolates.impl.loader;

import java.io.IOException;
import java.net.URL;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The class loader of one isolate: child-first over the isolate's class path, so that the isolate defines its
 * own copy of every class it uses there; parent-first for what all isolates share.
 *
 * <p>Shared, and loaded by the application class loader: the JDK (the packages of the boot layer's modules and
 * everything under {@code java.}, {@code javax.}, {@code jdk.}, {@code sun.} and {@code com.sun.}), this
 * library's API and runtime ({@code dev.isolates}, {@code dev.isolates.spi}, {@code dev.isolates.impl} and the grid
 * adapter {@code dev.isolates.hazelcast}), and the configured shared package prefixes. Every other class comes from the isolate's class path or not at all: an
 * isolate never falls back to main's copy of a class, which would silently share its static state.
 *
 * <p>Class bytes come from a {@link ClassPath} shared by all isolates, so defining a class reads no file, and
 * they come rewritten by {@link ClassRewriter}: the isolate's code polls for cancellation, and its exits,
 * shutdown hooks and thread-locals go to the isolate's {@link IsolateHooks}. The rewritten code reaches the
 * hooks through {@code dev.isolates.guest.Guest}, which each loader defines for itself from the runtime's bytes
 * (see {@link GuestClass}), whatever the shared packages and the class path.
 *
 * <p>The loader holds nothing but its configuration and its hooks; it becomes unreachable, with all its
 * classes, once its isolate is closed and no object of its classes is referenced from outside.
 */
public final class IsolateClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
      .flatMap(module -> module.getPackages().stream())
      .collect(Collectors.toUnmodifiableSet());
  private static final List<String> SHARED_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private final ClassPath classPath;
  private final List<String> sharedPackages;
  private final ClassLoader applicationLoader;
  private final IsolateHooks hooks;
  private final AtomicInteger definedClasses = new AtomicInteger();

  /**
   * Creates the loader of one isolate.
   *
   * @param name the loader's name, {@code isolate-<id>}, which stack traces show before each frame
   * @param classPath where the isolate's own classes come from
   * @param sharedPackages package prefixes loaded by {@code applicationLoader} and shared
   * @param applicationLoader the loader of everything shared
   * @param hooks what the isolate's rewritten code calls to poll, exit, add shutdown hooks and keep thread-locals
   */
  public IsolateClassLoader(String name, ClassPath classPath, List<String> sharedPackages,
      ClassLoader applicationLoader, IsolateHooks hooks) {
    super(name, ClassLoader.getPlatformClassLoader());
    this.classPath = classPath;
    this.sharedPackages = sharedPackages;
    this.applicationLoader = applicationLoader;
    this.hooks = hooks;
  }

  /** Returns the hooks of the isolate; its copy of {@code dev.isolates.guest.Guest} reads them once. */
  public IsolateHooks hooks() {
    return hooks;
  }

  /** Returns how many classes this loader has defined, {@code Guest} included. */
  public int definedClasses() {
    return definedClasses.get();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = name.equals(GuestClass.NAME) ? define(name, GuestClass.bytes(), GuestClass.domain())
            : isShared(name) ? applicationLoader.loadClass(name)
            : findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  /** Defines a class from the isolate's class path; failing that, a JDK class of a package not listed above. */
  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    ClassPath.ClassBytes found = classPath.classBytes(name);
    if (found == null) {
      return getParent().loadClass(name);
    }
    definePackageOf(name, found.entry());
    return define(name, found.bytes(), found.entry().domain());
  }

  private Class<?> define(String name, byte[] bytes, ProtectionDomain domain) {
    Class<?> defined = defineClass(name, bytes, 0, bytes.length, domain);
    definedClasses.incrementAndGet();
    return defined;
  }

  @Override
  public URL getResource(String name) {
    URL url = classPath.resource(name);
    return url != null ? url : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> urls = new ArrayList<>(classPath.resources(name));
    urls.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(urls);
  }

  @Override
  protected URL findResource(String name) {
    return classPath.resource(name);
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    return Collections.enumeration(classPath.resources(name));
  }

  private boolean isShared(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    return isLibraryPackage(pkg) || JDK_PACKAGES.contains(pkg) || hasPrefix(className, SHARED_PREFIXES)
        || isConfiguredShared(pkg);
  }

  /** Whether a package is one of the configured shared prefixes or below one; a loop, as it runs per class. */
  private boolean isConfiguredShared(String pkg) {
    for (String prefix : sharedPackages) {
      if (pkg.startsWith(prefix) && (pkg.length() == prefix.length() || pkg.charAt(prefix.length()) == '.')) {
        return true;
      }
    }
    return false;
  }

  /**
   * This library's API and runtime; its examples and tests ({@code dev.isolates.examples}, ...) are not. The grid
   * adapter is shared so that a grid queue handle is one class everywhere, and so that its code that runs inside
   * a tenant's isolate on a member reaches the member's state without a copy of Hazelcast in every isolate.
   */
  private static boolean isLibraryPackage(String pkg) {
    return pkg.equals("dev.isolates") || pkg.equals("dev.isolates.spi") || pkg.equals("dev.isolates.hazelcast")
        || pkg.equals("dev.isolates.impl") || pkg.startsWith("dev.isolates.impl.");
  }

  private static boolean hasPrefix(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Defines the package once, with the versions of the jar's manifest, so Package.getImplementationVersion works. */
  private void definePackageOf(String className, ClassPath.Entry entry) {
    int dot = className.lastIndexOf('.');
    if (dot < 0) {
      return;
    }
    String pkg = className.substring(0, dot);
    if (getDefinedPackage(pkg) != null) {
      return;
    }
    Manifest manifest = entry.manifest();
    String section = pkg.replace('.', '/') + '/';
    try {
      definePackage(pkg,
          attribute(manifest, section, Attributes.Name.SPECIFICATION_TITLE),
          attribute(manifest, section, Attributes.Name.SPECIFICATION_VERSION),
          attribute(manifest, section, Attributes.Name.SPECIFICATION_VENDOR),
          attribute(manifest, section, Attributes.Name.IMPLEMENTATION_TITLE),
          attribute(manifest, section, Attributes.Name.IMPLEMENTATION_VERSION),
          attribute(manifest, section, Attributes.Name.IMPLEMENTATION_VENDOR),
          "true".equalsIgnoreCase(attribute(manifest, section, Attributes.Name.SEALED))
              ? entry.codeSourceUrl() : null);
    } catch (IllegalArgumentException definedMeanwhile) {
      // another thread defined it first: same values, nothing to do
    }
  }

  private static String attribute(Manifest manifest, String section, Attributes.Name name) {
    if (manifest == null) {
      return null;
    }
    Attributes perPackage = manifest.getAttributes(section);
    String value = perPackage == null ? null : perPackage.getValue(name);
    return value != null ? value : manifest.getMainAttributes().getValue(name);
  }

  /** Returns the folders and jars this loader defines classes from; {@link #toString()} only counts them. */
  public ClassPath classPath() {
    return classPath;
  }

  /** Names the loader and counts its class path entries: a Maven application's class path runs to kilobytes. */
  @Override
  public String toString() {
    return "IsolateClassLoader[" + getName() + ", " + classPath.size() + " class path entries]";
  }

  /**
   * Defines a class generated while the isolate runs (the class of an {@code Isolate.exec}), rewritten like every
   * class this loader defines, so that its code polls for cancellation too.
   *
   * @param binaryName the class's binary name; no class of that name may be defined by this loader yet
   * @param bytes its class file, as the compiler wrote it; the caller's array is not modified
   * @return the class, not yet initialized
   * @throws LinkageError if the bytes are malformed or the name is taken
   */
  public Class<?> defineGenerated(String binaryName, byte[] bytes) {
    synchronized (getClassLoadingLock(binaryName)) {
      return define(binaryName, ClassRewriter.rewrite(bytes), null);
    }
  }
}
