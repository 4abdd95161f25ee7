package dev.isolates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolateConfigTest {

  @Test
  void defaults_haveNoNameTheApplicationClassPathAndNoSharedPackages() {
    IsolateConfig config = IsolateConfig.defaults();
    assertThat(config.name()).isEmpty();
    assertThat(config.classpath()).isEmpty();
    assertThat(config.sharedPackages()).isEmpty();
    assertThat(config).isEqualTo(IsolateConfig.builder().build());
    assertThat(config.toString()).contains("<application class path>");
  }

  @Test
  void builder_keepsWhatWasSet_asAbsoluteNormalizedPaths(@TempDir Path dir) {
    IsolateConfig config = IsolateConfig.builder()
        .name("plugin")
        .classpath(List.of(dir.resolve("../" + dir.getFileName())))
        .sharedPackages("com.example.api", "org.example")
        .build();
    assertThat(config.name()).contains("plugin");
    assertThat(config.classpath()).containsExactly(dir.toAbsolutePath().normalize());
    assertThat(config.sharedPackages()).containsExactly("com.example.api", "org.example");
  }

  @Test
  void name_mustBeUsable() {
    assertThatThrownBy(() -> IsolateConfig.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, but was ' '");
    assertThatThrownBy(() -> IsolateConfig.builder().name("a\nb"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control characters");
    assertThatThrownBy(() -> IsolateConfig.builder().name("a").name("b"))
        .isInstanceOf(IllegalStateException.class).hasMessage("name was already set to 'a'");
  }

  @Test
  void classpath_mustNameExistingEntries(@TempDir Path dir) {
    Path missing = dir.resolve("missing.jar");
    assertThatThrownBy(() -> IsolateConfig.builder().classpath(List.of(dir, missing)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("classpath entry 1 does not exist: " + missing);
    assertThatThrownBy(() -> IsolateConfig.builder().classpath(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
  }

  @Test
  void sharedPackages_mustBePackageNames() {
    assertThatThrownBy(() -> IsolateConfig.builder().sharedPackages("com.example", "com..bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shared package 1 is not a package name such as com.example.api: 'com..bad'");
  }
}
