package dev.isolates.impl.loader;

import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The class-level part of {@link ClassRewriter}: every method with code goes through {@link CancellationPoints}. */
final class IsolateClassVisitor extends ClassVisitor {
  private final Set<String> invokingMethods;

  /**
   * @param next where the rewritten class goes
   * @param invokingMethods name and descriptor of each method that invokes anything, from {@link InvokeScan}
   */
  IsolateClassVisitor(ClassVisitor next, Set<String> invokingMethods) {
    super(Opcodes.ASM9, next);
    this.invokingMethods = invokingMethods;
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    if (next == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
      return next; // no code; returning the writer's own visitor lets it copy the method as read
    }
    return new CancellationPoints(next, invokingMethods.contains(name + descriptor));
  }
}
