package dev.isolates.impl.loader;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the rewriting pass must know of each method before it reads the method's code, found by a pass before it:
 * whether the method invokes anything (then it gets a poll at its entry, before its first instruction), and how
 * many local variables it uses (the first free slot, where the rewriting keeps its temporaries).
 */
final class InvokeScan extends ClassVisitor {
  private final Set<String> invoking = new HashSet<>();
  private final Map<String, Integer> maxLocals = new HashMap<>();

  private InvokeScan() {
    super(Opcodes.ASM9);
  }

  static InvokeScan of(ClassReader reader) {
    InvokeScan scan = new InvokeScan();
    reader.accept(scan, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return scan;
  }

  /** Whether the method, given as its name followed by its descriptor, contains an invoke. */
  boolean invokes(String method) {
    return invoking.contains(method);
  }

  /** The method's number of local variable slots, as its class file says; 0 for a method without code. */
  int maxLocals(String method) {
    return maxLocals.getOrDefault(method, 0);
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

      @Override
      public void visitMaxs(int maxStack, int locals) {
        maxLocals.put(method, locals);
      }
    };
  }
}
