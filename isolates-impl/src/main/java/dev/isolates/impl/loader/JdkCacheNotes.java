package dev.isolates.impl.loader;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Tells the isolate's hooks what its code puts in JDK caches that live as long as the JVM, so that closing the
 * isolate releases exactly that: each value a {@code ClassValue} of the isolate computes (noted at the entry of
 * {@code computeValue}, with the class it is for), and any use of {@code java.beans}, whose {@code Introspector}
 * caches bean information per class.
 */
final class JdkCacheNotes extends MethodVisitor {
  private static final String COMPUTE_VALUE = "computeValue(Ljava/lang/Class;)Ljava/lang/Object;";
  private static final String BEANS_PACKAGE = "java/beans/";

  /** Whether this method may be a ClassValue's computeValue (or the bridge javac writes to it). */
  private final boolean computeValue;

  /**
   * @param next where the method goes
   * @param access the method's access flags
   * @param method its name followed by its descriptor
   */
  JdkCacheNotes(MethodVisitor next, int access, String method) {
    super(Opcodes.ASM9, next);
    // By name and erased descriptor, whatever the class's superclass: Guest checks that `this` is a ClassValue.
    this.computeValue = (access & Opcodes.ACC_STATIC) == 0 && method.equals(COMPUTE_VALUE);
  }

  @Override
  public void visitCode() {
    super.visitCode();
    if (computeValue) {
      super.visitVarInsn(Opcodes.ALOAD, 0);
      super.visitVarInsn(Opcodes.ALOAD, 1);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GuestClass.INTERNAL_NAME, "computingValue",
          "(Ljava/lang/Object;Ljava/lang/Class;)V", false);
    }
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    if (owner.startsWith(BEANS_PACKAGE)) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GuestClass.INTERNAL_NAME, "noteBeans", "()V", false);
    }
    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    super.visitMaxs(computeValue ? Math.max(maxStack, 2) : maxStack, maxLocals);
  }
}
