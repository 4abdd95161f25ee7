package dev.isolates.impl.loader;

import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;
import org.objectweb.asm.signature.SignatureWriter;

/**
 * The class-level part of {@link ClassRewriter}: a subclass of {@code ThreadLocal} becomes a subclass of
 * {@link IsolateLocal}, and every method with code goes through {@link CancellationPoints}, {@link GuestCalls} and
 * {@link ConcurrencyCalls}.
 */
final class IsolateClassVisitor extends ClassVisitor {
  private final Set<String> invokingMethods;
  private int version;

  /**
   * @param next where the rewritten class goes
   * @param invokingMethods name and descriptor of each method that invokes anything, from {@link InvokeScan}
   */
  IsolateClassVisitor(ClassVisitor next, Set<String> invokingMethods) {
    super(Opcodes.ASM9, next);
    this.invokingMethods = invokingMethods;
  }

  @Override
  public void visit(int version, int access, String name, String signature, String superName,
      String[] interfaces) {
    this.version = version;
    if (GuestCalls.THREAD_LOCAL.equals(superName)) {
      // GuestCalls turns the super constructor call into IsolateLocal's; its other methods are inherited.
      super.visit(version, access, name, withIsolateLocalSuperclass(signature), GuestCalls.ISOLATE_LOCAL,
          interfaces);
    } else {
      super.visit(version, access, name, signature, superName, interfaces);
    }
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    if (next == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
      return next; // no code; returning the writer's own visitor lets it copy the method as read
    }
    return new CancellationPoints(new GuestCalls(new ConcurrencyCalls(next, version)),
        invokingMethods.contains(name + descriptor));
  }

  /** The generic signature with the superclass changed too, so reflection sees the class as it is. */
  private static String withIsolateLocalSuperclass(String signature) {
    if (signature == null) {
      return null;
    }
    SignatureWriter writer = new SignatureWriter() {
      private boolean superclassNext;

      @Override
      public SignatureVisitor visitSuperclass() {
        superclassNext = true;
        return super.visitSuperclass();
      }

      @Override
      public void visitClassType(String name) {
        super.visitClassType(superclassNext ? GuestCalls.ISOLATE_LOCAL : name);
        superclassNext = false;
      }
    };
    new SignatureReader(signature).accept(writer);
    return writer.toString();
  }
}
