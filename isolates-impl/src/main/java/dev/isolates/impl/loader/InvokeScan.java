package dev.isolates.impl.loader;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Finds the methods that invoke anything, which get a poll at their entry, before the rewriting pass: the poll
 * goes before the first instruction, so the answer is needed before the method's code is read.
 */
final class InvokeScan extends ClassVisitor {
  private final Set<String> invoking = new HashSet<>();

  private InvokeScan() {
    super(Opcodes.ASM9);
  }

  /** Returns the name followed by the descriptor of each method of the class that contains an invoke. */
  static Set<String> invokingMethods(ClassReader reader) {
    InvokeScan scan = new InvokeScan();
    reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return scan.invoking;
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    String method = name + descriptor;
    return new MethodVisitor(Opcodes.ASM9) {
      @Override
      public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
          boolean isInterface) {
        invoking.add(method);
      }

      @Override
      public void visitInvokeDynamicInsn(String methodName, String methodDescriptor, Handle bootstrap,
          Object... arguments) {
        invoking.add(method);
      }
    };
  }
}
