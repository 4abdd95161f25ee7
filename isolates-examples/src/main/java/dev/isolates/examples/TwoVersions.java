package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.Isolates;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.codec.binary.Base64;

/**
 * Two versions of one library in one JVM: commons-codec 1.4 and 1.17.1, each in an isolate whose class path
 * holds that version's jar. In 1.4, {@code Base64.encodeBase64String} wrapped its output in lines ending with
 * CRLF; 1.5 changed that (CODEC-89), and applications that mixed the two broke. Here each isolate runs its own
 * version side by side. The build copies both jars from Maven Central into {@code target/two-versions}.
 */
public final class TwoVersions {
  static final List<String> VERSIONS = List.of("1.4", "1.17.1");

  private TwoVersions() {}

  /** Runs inside an isolate: reports the codec version it loaded, and how it encodes. */
  static String encodeWithLoadedVersion(String text) {
    String encoded = Base64.encodeBase64String(text.getBytes(StandardCharsets.UTF_8));
    return "commons-codec " + Base64.class.getPackage().getImplementationVersion()
        + " encodes '" + text + "' as \"" + encoded.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }

  public static void main(String[] args) throws URISyntaxException {
    Path classes = Path.of(TwoVersions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jars = classes.resolveSibling("two-versions");
    for (String version : VERSIONS) {
      IsolateConfig config = IsolateConfig.builder()
          .name("codec-" + version)
          .classpath(List.of(classes, jars.resolve("commons-codec-" + version + ".jar")))
          .build();
      try (Isolate isolate = Isolates.create(config)) {
        System.out.println(isolate.id() + " (" + version + "): "
            + isolate.call(TwoVersions::encodeWithLoadedVersion, "isolates"));
      }
    }
  }
}
