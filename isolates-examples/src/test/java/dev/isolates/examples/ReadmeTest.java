package dev.isolates.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows the README's first screen as a new user does: saves its {@code Demo.java}, runs its shell commands as
 * they are written ({@code javac} and {@code java} against {@code isolates-impl/target/lib}, with its flags), and
 * compares what the program prints with what the README says it prints. The jars come from this build's
 * {@code isolates-impl/target/lib}, which the package phase of {@code isolates-impl} fills before this module's
 * tests run; nothing is read from the local Maven repository.
 */
class ReadmeTest {
  /** The README marks the line of flags that JDK 17 to 23 reject. */
  private static final String JDK24_ONLY = "# JDK 24 and later only";

  @Test
  void theFirstScreensProgram_runsWithPlainJava_andPrintsWhatTheReadmeSays(@TempDir Path folder) throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("isolates-impl/target/lib")).as("the runtime's jars, which the package phase of"
        + " isolates-impl copies there: run this test through the reactor, as ./mvnw verify does").isDirectory();
    List<Block> blocks = blocks(Files.readString(root.resolve("README.md")));
    int program = 0;
    while (!blocks.get(program).text.contains("public class Demo")) {
      program++;
    }
    Block commands = next(blocks, program, "sh");
    Block output = next(blocks, blocks.indexOf(commands), "");

    Files.writeString(folder.resolve("Demo.java"), blocks.get(program).text);
    Files.createSymbolicLink(folder.resolve("isolates-impl"), root.resolve("isolates-impl"));
    String script = commands.text.lines()
        .filter(line -> Runtime.version().feature() >= 24 || !line.contains(JDK24_ONLY))
        .collect(Collectors.joining("\n"));
    Path out = folder.resolve("out.txt");
    Path err = folder.resolve("err.txt");
    ProcessBuilder shell = new ProcessBuilder("bash", "-euc", script).directory(folder.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    // the JDK running this test is the one the commands find first
    shell.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    Process process = shell.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("the README's commands did not end:\n" + script);
    }
    assertThat(read(err)).as("standard error of\n%s", script).isEmpty();
    assertThat(process.exitValue()).isZero();
    assertThat(read(out)).isEqualTo(output.text);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** A fenced block of the README: its info string ({@code java}, {@code sh}, or empty) and its text. */
  private static final class Block {
    final String info;
    final String text;

    Block(String info, String text) {
      this.info = info;
      this.text = text;
    }
  }

  private static List<Block> blocks(String markdown) {
    List<Block> blocks = new ArrayList<>();
    String info = null;
    StringBuilder text = new StringBuilder();
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```") && info == null) {
        info = line.substring(3).strip();
        text.setLength(0);
      } else if (line.startsWith("```")) {
        blocks.add(new Block(info, text.toString()));
        info = null;
      } else if (info != null) {
        text.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static Block next(List<Block> blocks, int after, String info) {
    return blocks.subList(after + 1, blocks.size()).stream().filter(block -> block.info.equals(info)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + (info.isEmpty() ? "plain" : info) + " block after block "
            + after + " of the README"));
  }
}
