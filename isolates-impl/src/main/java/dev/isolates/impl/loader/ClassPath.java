package dev.isolates.impl.loader;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The folders and jars that isolate class loaders load from, with the bytes of each class read once per JVM
 * and shared by every isolate that uses the same entries (the "engine" of GraalVM's polyglot API: bytes are
 * shared, classes and their static state are not). The bytes are kept as isolates define them, rewritten by
 * {@link ClassRewriter}, whose output is the same for every isolate. Creating an isolate therefore re-reads and
 * re-rewrites no class: it pays only {@code defineClass} for the classes it actually uses.
 *
 * <p>Instances are interned per list of entries, live as long as the JVM, and hold no class loader. Thread-safe.
 */
public final class ClassPath {
  private static final Map<List<Path>, ClassPath> INTERNED = new ConcurrentHashMap<>();
  private static final Object MISSING = new Object();

  private final List<Entry> entries;
  /** Binary class name to its {@link ClassBytes}, or {@link #MISSING}; racing readers store equal values. */
  private final Map<String, Object> classes = new ConcurrentHashMap<>();

  private ClassPath(List<Path> paths) {
    List<Entry> list = new ArrayList<>(paths.size());
    for (Path path : paths) {
      list.add(new Entry(path));
    }
    this.entries = List.copyOf(list);
  }

  /**
   * Returns the shared class path of these folders and jars, checking each entry the first time.
   *
   * @throws IllegalArgumentException if an entry is neither a folder nor a readable jar (the message names it)
   */
  public static ClassPath of(List<Path> paths) {
    return INTERNED.computeIfAbsent(List.copyOf(paths), ClassPath::checked);
  }

  /** Returns the application class path: {@code java.class.path}, following the {@code Class-Path} of jars. */
  public static ClassPath application() {
    return Application.CLASS_PATH;
  }

  /** A class path whose entries are all folders or readable jars, opened now so that a bad one fails here. */
  private static ClassPath checked(List<Path> paths) {
    ClassPath classPath = new ClassPath(paths);
    for (int i = 0; i < classPath.entries.size(); i++) {
      classPath.entries.get(i).check(i);
    }
    return classPath;
  }

  /** Returns the entries, in lookup order. */
  public List<Path> paths() {
    List<Path> paths = new ArrayList<>(entries.size());
    entries.forEach(entry -> paths.add(entry.path));
    return List.copyOf(paths);
  }

  /** Returns the number of entries. */
  public int size() {
    return entries.size();
  }

  /**
   * Returns the bytes of a class as isolates define them, reading and rewriting them on first request only.
   *
   * @param className a binary name such as {@code com.example.Outer$Inner}
   * @return the bytes and where they came from, or null if no entry has the class
   */
  ClassBytes classBytes(String className) {
    Object found = classes.get(className);
    if (found == null) {
      found = read(className.replace('.', '/') + ".class");
      classes.putIfAbsent(className, found);
    }
    return found == MISSING ? null : (ClassBytes) found;
  }

  /** Returns the URL of the first resource with this name, or null. */
  URL resource(String name) {
    for (Entry entry : entries) {
      URL url = entry.url(name);
      if (url != null) {
        return url;
      }
    }
    return null;
  }

  /** Returns the URLs of every resource with this name, in class-path order. */
  List<URL> resources(String name) {
    List<URL> urls = new ArrayList<>();
    for (Entry entry : entries) {
      URL url = entry.url(name);
      if (url != null) {
        urls.add(url);
      }
    }
    return urls;
  }

  private Object read(String resourceName) {
    for (Entry entry : entries) {
      byte[] bytes = entry.read(resourceName);
      if (bytes != null) {
        return new ClassBytes(ClassRewriter.rewrite(bytes), entry);
      }
    }
    return MISSING;
  }

  @Override
  public String toString() {
    return "ClassPath" + paths();
  }

  /**
   * The bytes of one class, rewritten for isolates, and the entry they came from. The raw bytes are not kept:
   * nothing defines them. The array is shared: never modify it.
   */
  record ClassBytes(byte[] bytes, Entry entry) {}

  /** One folder or jar. A jar is opened on first use and stays open, like the application class loader's. */
  static final class Entry {
    private final Path path;
    private final boolean isJar;
    private final ProtectionDomain domain;
    private volatile JarFile jar;

    Entry(Path path) {
      this.path = path;
      this.isJar = Files.isRegularFile(path);
      // A domain without a class loader, so that one instance can serve every isolate.
      this.domain = new ProtectionDomain(new CodeSource(toUrl(path.toUri()), (CodeSigner[]) null), null);
    }

    ProtectionDomain domain() {
      return domain;
    }

    /**
     * Checks that the entry can be loaded from.
     *
     * @param index its position, for the message
     * @throws IllegalArgumentException if it is neither a folder nor a readable jar
     */
    void check(int index) {
      if (Files.isDirectory(path)) {
        return;
      }
      try {
        if (!isJar) {
          throw new IOException("it does not exist, or is not a regular file");
        }
        jar();
      } catch (IOException e) {
        throw new IllegalArgumentException("class path entry " + index + " is neither a folder nor a readable jar: "
            + path + " (" + e.getMessage() + "); give the isolate folders of classes and jar files only", e);
      }
    }

    /** The manifest of a jar, for package versions; null for folders and jars without one. */
    Manifest manifest() {
      try {
        return isJar ? jar().getManifest() : null;
      } catch (IOException e) {
        return null;
      }
    }

    URL codeSourceUrl() {
      return domain.getCodeSource().getLocation();
    }

    byte[] read(String resourceName) {
      try {
        if (isJar) {
          JarFile file = jar();
          ZipEntry found = file.getEntry(resourceName);
          if (found == null) {
            return null;
          }
          try (InputStream in = file.getInputStream(found)) {
            return in.readAllBytes();
          }
        }
        Path file = resolve(resourceName);
        return file == null ? null : Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resourceName + " from class path entry " + path, e);
      }
    }

    URL url(String resourceName) {
      if (isJar) {
        try {
          ZipEntry found = jar().getEntry(resourceName);
          return found == null ? null : toUrl(URI.create("jar:" + path.toUri() + "!/" + found.getName()));
        } catch (IOException | IllegalArgumentException e) {
          return null;
        }
      }
      Path file = resolve(resourceName);
      return file == null ? null : toUrl(file.toUri());
    }

    /** The file of a resource in a folder entry, or null; never a path outside the folder. */
    private Path resolve(String resourceName) {
      try {
        Path file = path.resolve(resourceName).normalize();
        return file.startsWith(path) && Files.isRegularFile(file) ? file : null;
      } catch (InvalidPathException e) {
        return null;
      }
    }

    private JarFile jar() throws IOException {
      JarFile file = jar;
      if (file == null) {
        synchronized (this) {
          file = jar;
          if (file == null) {
            file = new JarFile(path.toFile(), true, ZipFile.OPEN_READ, JarFile.runtimeVersion());
            jar = file;
          }
        }
      }
      return file;
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }

  private static URL toUrl(URI uri) {
    try {
      return uri.toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a valid class path location: " + uri, e);
    }
  }

  /** Computes the application class path once, on first use. */
  private static final class Application {
    // Not checked: like the JDK's class loader, skip entries that are neither folders nor jars.
    static final ClassPath CLASS_PATH = INTERNED.computeIfAbsent(entries(), ClassPath::new);

    private static List<Path> entries() {
      Set<Path> paths = new LinkedHashSet<>();
      for (String element : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
        if (!element.isEmpty()) {
          addWithManifestClassPath(Path.of(element).toAbsolutePath().normalize(), paths);
        }
      }
      return List.copyOf(paths);
    }

    /** Adds an entry, then the jars its manifest's {@code Class-Path} names, as the JDK's class loader does. */
    private static void addWithManifestClassPath(Path entry, Set<Path> paths) {
      if (!paths.add(entry) || !Files.isRegularFile(entry)) {
        return;
      }
      String classPath;
      try (JarFile jar = new JarFile(entry.toFile())) {
        Manifest manifest = jar.getManifest();
        classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      } catch (IOException e) {
        return; // not a jar: the application class loader ignores it too
      }
      if (classPath == null) {
        return;
      }
      for (String relative : classPath.trim().split("\\s+")) {
        try {
          URI uri = entry.toUri().resolve(relative);
          if ("file".equals(uri.getScheme())) {
            addWithManifestClassPath(Path.of(uri).normalize(), paths);
          }
        } catch (IllegalArgumentException e) {
          // a malformed Class-Path element: skipped, as the JDK does
        }
      }
    }
  }
}
