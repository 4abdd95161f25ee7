package dev.isolates.impl.loader;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyShell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Where the rewriting puts polls, read back from the rewritten bytes that isolates define. */
class ClassRewriterTest {
  private static final String POLL = "poll";
  private static final String HANDLER = "handler";

  @Test
  void leafGetter_getsNoPoll() {
    assertThat(instructions("Spin", "getValue")).doesNotContain(POLL);
  }

  @Test
  void methodThatInvokes_pollsAtEntry_andNowhereElseWithoutLoops() {
    List<String> branch = instructions("Spin", "branch");
    assertThat(branch.get(0)).isEqualTo(POLL);
    assertThat(branch.stream().filter(POLL::equals)).hasSize(1);
  }

  @Test
  void loop_pollsBeforeItsBackwardJump() {
    assertThat(instructions("Spin", "loopForever")).endsWith(POLL, "GOTO");
  }

  @Test
  void handlerOfANamedType_pollsFirst() {
    List<String> code = instructions("Spin", "swallowEverything");
    assertThat(code.get(code.indexOf(HANDLER) + 1)).isEqualTo(POLL);
  }

  @Test
  void handlersOfFinallyAndSynchronized_doNotPoll_soTheirCleanupRuns() {
    for (String method : List.of("loopWithFinally", "loopHoldingMonitor")) {
      List<String> code = instructions("Spin", method);
      assertThat(code).as(method).contains(HANDLER);
      for (int i = 0; i < code.size(); i++) {
        if (code.get(i).equals(HANDLER)) {
          assertThat(code.get(i + 1)).as(method).isNotEqualTo(POLL);
        }
      }
    }
  }

  @Test
  void unparseableBytes_areDefinedAsRead() {
    byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0x7F, 0x7F, 1, 2, 3};
    assertThat(ClassRewriter.rewrite(garbage)).isSameAs(garbage);
  }

  @Test
  void onlyTheJdksOwnDefiningCalls_passTheClassFileThroughGuest_soEachClassIsRewrittenOnce() throws Exception {
    // Groovy's InnerLoader.defineClass(String, byte[]) hands the class file on to GroovyClassLoader's, whose
    // calls of the JDK's defineClass (one through URLClassLoader, one with a CodeSource) alone are rewritten.
    assertThat(guestCalls("groovy.lang.GroovyClassLoader$InnerLoader", "classFile")).isZero();
    assertThat(guestCalls("groovy.lang.GroovyClassLoader", "classFile")).isEqualTo(2);
  }

  @Test
  void computeValue_tellsGuestWhichClassItComputesFor() throws Exception {
    assertThat(guestCalls("org.codehaus.groovy.reflection.v7.GroovyClassValueJava7", "computingValue")).isOne();
  }

  /** How many calls of a method of Guest a class of Groovy's jar has, rewritten. */
  private static int guestCalls(String groovyClass, String guestMethod) throws Exception {
    Path groovyJar = Path.of(GroovyShell.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    byte[] bytes = ClassPath.of(List.of(groovyJar)).classBytes(groovyClass).bytes();
    AtomicInteger calls = new AtomicInteger();
    new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
              boolean isInterface) {
            if (owner.equals(GuestClass.INTERNAL_NAME) && method.equals(guestMethod)) {
              calls.incrementAndGet();
            }
          }
        };
      }
    }, 0);
    return calls.get();
  }

  /**
   * The rewritten method as a list of instructions: {@value #POLL} for a call of {@code Guest.poll},
   * {@value #HANDLER} where an exception handler starts, opcode names for jumps, and "other" for the rest.
   */
  private static List<String> instructions(String guest, String method) {
    byte[] bytes = ClassPath.of(List.of(Guests.TEST_CLASSES))
        .classBytes("dev.isolates.tests.guests." + guest).bytes();
    List<String> code = new ArrayList<>();
    new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return name.equals(method) ? new Recorder(code) : null;
      }
    }, 0);
    assertThat(code).as("instructions of %s.%s", guest, method).isNotEmpty();
    return code;
  }

  private static final class Recorder extends MethodVisitor {
    private final List<String> code;
    private final Set<Label> handlers = new HashSet<>();

    Recorder(List<String> code) {
      super(Opcodes.ASM9);
      this.code = code;
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      handlers.add(handler);
    }

    @Override
    public void visitLabel(Label label) {
      if (handlers.contains(label)) {
        code.add(HANDLER);
      }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
      code.add(owner.equals("dev/isolates/guest/Guest") && name.equals("poll") ? POLL : owner + '.' + name);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      code.add(opcode == Opcodes.GOTO ? "GOTO" : "jump");
    }

    @Override
    public void visitInsn(int opcode) {
      code.add("other");
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      code.add("other");
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      code.add("other");
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      code.add("other");
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      code.add("other");
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      code.add("other");
    }

    @Override
    public void visitLdcInsn(Object value) {
      code.add("other");
    }
  }
}
