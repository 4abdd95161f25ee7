package dev.isolates.impl.loader;

import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Sends an isolate's calls of the JDK methods that would escape it to its own {@code dev.isolates.guest.Guest}:
 * exits and shutdown hooks, and the creation of thread-locals, both as instructions and as method handles (the
 * method references {@code System::exit} or {@code Runtime.getRuntime()::addShutdownHook} compile to handles).
 */
final class GuestCalls extends MethodVisitor {
  static final String THREAD_LOCAL = "java/lang/ThreadLocal";
  static final String ISOLATE_LOCAL = "dev/isolates/impl/loader/IsolateLocal";
  private static final String GUEST = GuestClass.INTERNAL_NAME;
  private static final String HOOKS_DESCRIPTOR = "Ldev/isolates/impl/loader/IsolateHooks;";
  private static final String CONSTRUCTOR = "<init>";

  /**
   * Owner, name and descriptor of each replaced JDK method, to the static method of Guest that replaces it.
   * An instance method's replacement takes the receiver first, so the stack effect and a handle's type stay
   * the same. The constructor appears only in handles (ThreadLocal::new); as an instruction it is handled apart.
   */
  private static final Map<String, Handle> REPLACEMENTS = Map.of(
      "java/lang/System.exit(I)V", guest("exit", "(I)V"),
      "java/lang/Runtime.exit(I)V", guest("exit", "(Ljava/lang/Runtime;I)V"),
      "java/lang/Runtime.halt(I)V", guest("halt", "(Ljava/lang/Runtime;I)V"),
      "java/lang/Runtime.addShutdownHook(Ljava/lang/Thread;)V",
      guest("addShutdownHook", "(Ljava/lang/Runtime;Ljava/lang/Thread;)V"),
      "java/lang/Runtime.removeShutdownHook(Ljava/lang/Thread;)Z",
      guest("removeShutdownHook", "(Ljava/lang/Runtime;Ljava/lang/Thread;)Z"),
      "java/lang/ThreadLocal.withInitial(Ljava/util/function/Supplier;)Ljava/lang/ThreadLocal;",
      guest("withInitial", "(Ljava/util/function/Supplier;)Ljava/lang/ThreadLocal;"),
      "java/lang/ThreadLocal.<init>()V", guest("newLocal", "()Ljava/lang/ThreadLocal;"));

  /** Stack slots added to the method's maximum: the constructor of IsolateLocal takes one argument more. */
  private int extraStack;

  GuestCalls(MethodVisitor next) {
    super(Opcodes.ASM9, next);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    boolean newThreadLocal = opcode == Opcodes.NEW && type.equals(THREAD_LOCAL);
    super.visitTypeInsn(opcode, newThreadLocal ? ISOLATE_LOCAL : type);
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    Handle replacement = opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL
        ? REPLACEMENTS.get(owner + '.' + name + descriptor) : null;
    if (replacement != null) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, replacement.getName(), replacement.getDesc(), false);
    } else if (opcode == Opcodes.INVOKESPECIAL && owner.equals(THREAD_LOCAL) && name.equals(CONSTRUCTOR)) {
      // Both new ThreadLocal() and a subclass's super(): the object was created as an IsolateLocal, or its
      // class now extends IsolateLocal (see visitTypeInsn and IsolateClassVisitor).
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GUEST, "hooks", "()" + HOOKS_DESCRIPTOR, false);
      super.visitMethodInsn(Opcodes.INVOKESPECIAL, ISOLATE_LOCAL, CONSTRUCTOR, "(" + HOOKS_DESCRIPTOR + ")V", false);
      extraStack = 1;
    } else {
      super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
    Object[] replaced = arguments.clone();
    for (int i = 0; i < replaced.length; i++) {
      replaced[i] = replaced(replaced[i]);
    }
    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, replaced);
  }

  @Override
  public void visitLdcInsn(Object value) {
    super.visitLdcInsn(replaced(value));
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    super.visitMaxs(maxStack + extraStack, maxLocals);
  }

  /**
   * A constant with a handle to a replaced method changed into a handle to its replacement. A bound receiver
   * ({@code Runtime.getRuntime()::exit}) becomes the replacement's first argument, as LambdaMetafactory allows.
   */
  private static Object replaced(Object constant) {
    if (!(constant instanceof Handle)) {
      return constant;
    }
    Handle handle = (Handle) constant;
    int tag = handle.getTag();
    boolean replaceable = tag == Opcodes.H_INVOKESTATIC || tag == Opcodes.H_INVOKEVIRTUAL
        || tag == Opcodes.H_NEWINVOKESPECIAL;
    Handle replacement = replaceable
        ? REPLACEMENTS.get(handle.getOwner() + '.' + handle.getName() + handle.getDesc()) : null;
    return replacement != null ? replacement : handle;
  }

  private static Handle guest(String name, String descriptor) {
    return new Handle(Opcodes.H_INVOKESTATIC, GUEST, name, descriptor, false);
  }
}
