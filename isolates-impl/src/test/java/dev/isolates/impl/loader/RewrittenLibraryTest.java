package dev.isolates.impl.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Joiner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** A real library, Guava, rewritten as an isolate loads it: every class still verifies, and it still works. */
class RewrittenLibraryTest {
  private final IsolateClassLoader loader = new IsolateClassLoader("guest-test", ClassPath.application(),
      List.of(), ClassLoader.getSystemClassLoader(), new TestHooks());

  @Test
  void everyGuavaClass_passesVerification_afterRewriting() throws Exception {
    List<String> failures = new ArrayList<>();
    int linked = 0;
    for (String name : guavaClassNames()) {
      try {
        // Reflecting on a class's methods links it, and linking verifies the rewritten bytecode.
        Class.forName(name, false, loader).getDeclaredMethods();
        linked++;
      } catch (VerifyError | ClassFormatError e) {
        failures.add(name + ": " + e);
      } catch (NoClassDefFoundError | TypeNotPresentException e) {
        // a class of an optional dependency that is not on the class path: nothing to do with rewriting
      }
    }
    assertThat(failures).isEmpty();
    assertThat(linked).isGreaterThan(1_000);
  }

  @Test
  void guava_worksTheSameInsideAnIsolate() throws Exception {
    Class<?> joinerClass = loader.loadClass("com.google.common.base.Joiner");
    assertThat(joinerClass.getClassLoader()).isSameAs(loader);
    Object joiner = joinerClass.getMethod("on", char.class).invoke(null, ',');
    assertThat(joinerClass.getMethod("join", Iterable.class).invoke(joiner, List.of(1, 2, 3))).isEqualTo("1,2,3");

    Class<?> hashing = loader.loadClass("com.google.common.hash.Hashing");
    Object sha256 = hashing.getMethod("sha256").invoke(null);
    Object hash = loader.loadClass("com.google.common.hash.HashFunction")
        .getMethod("hashString", CharSequence.class, Charset.class).invoke(sha256, "abc", StandardCharsets.UTF_8);
    assertThat(hash.toString())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    Class<?> sets = loader.loadClass("com.google.common.collect.ImmutableSortedSet");
    Object sorted = sets.getMethod("copyOf", Collection.class).invoke(null, List.of(3, 1, 2));
    assertThat(sorted.toString()).isEqualTo("[1, 2, 3]");
  }

  private static List<String> guavaClassNames() throws IOException, URISyntaxException {
    Path jar = Path.of(Joiner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
          names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }
}
