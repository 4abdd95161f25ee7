package dev.isolates.impl.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.guest.Guest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each isolate loader defines its own Guest, holding its own hooks, and counts the classes it defines. */
class IsolateClassLoaderTest {

  @Test
  void guest_isDefinedByEachLoader_withThatLoadersHooks() throws Exception {
    TestHooks firstHooks = new TestHooks();
    TestHooks secondHooks = new TestHooks();
    Class<?> first = Guests.loader(firstHooks).loadClass(Guest.class.getName());
    Class<?> second = Guests.loader(secondHooks).loadClass(Guest.class.getName());

    assertThat(first).isNotSameAs(second).isNotSameAs(Guest.class);
    assertThat(first.getMethod("hooks").invoke(null)).isSameAs(firstHooks);
    assertThat(second.getMethod("hooks").invoke(null)).isSameAs(secondHooks);
  }

  @Test
  void guest_staysPerIsolate_evenWhenItsPackageIsConfiguredShared() throws Exception {
    IsolateClassLoader loader = new IsolateClassLoader("guest-test", ClassPath.of(List.of(Guests.TEST_CLASSES)),
        List.of("dev.isolates"), ClassLoader.getSystemClassLoader(), new TestHooks());

    assertThat(loader.loadClass(Guest.class.getName()).getClassLoader()).isSameAs(loader);
  }

  @Test
  void guestsName_isTheOneTheRewritingCalls() {
    assertThat(GuestClass.NAME).isEqualTo(Guest.class.getName());
  }

  @Test
  void definedClasses_countsWhatTheLoaderDefined_notWhatItShares() throws Exception {
    IsolateClassLoader loader = Guests.loader(new TestHooks());
    assertThat(loader.definedClasses()).isZero();

    loader.loadClass("dev.isolates.tests.Demo");
    loader.loadClass(Guest.class.getName());
    loader.loadClass("java.lang.String");
    loader.loadClass(IsolateHooks.class.getName());
    loader.loadClass("dev.isolates.tests.Demo");

    assertThat(loader.definedClasses()).isEqualTo(2);
  }

  @Test
  void rewrittenClasses_keepTheirCodeSourceAndPackage() throws Exception {
    Class<?> spin = Guests.loader(new TestHooks()).loadClass("dev.isolates.tests.guests.Spin");

    assertThat(spin.getProtectionDomain().getCodeSource().getLocation())
        .isEqualTo(Guests.TEST_CLASSES.toUri().toURL());
    assertThat(spin.getPackage().getName()).isEqualTo("dev.isolates.tests.guests");
  }
}
