package dev.isolates.impl.loader;

import java.nio.ByteBuffer;
import java.util.Set;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Hands the class file at every call that defines a class ({@code ClassLoader.defineClass},
 * {@code SecureClassLoader.defineClass}, {@code Lookup.defineClass} and {@code defineHiddenClass}) to the isolate's
 * own Guest first, which has {@link DefinedClasses} rewrite it when the class will belong to the isolate. So a
 * class that a script engine or a bytecode library compiles while the isolate runs polls for cancellation like
 * the isolate's other classes.
 *
 * <p>The call stays where it is; only its class file argument changes. The arguments are stored in temporaries
 * past the method's own local variables, the receiver (the class loader or lookup that defines the class) is
 * duplicated and passed to Guest with the class file, and the arguments are loaded back with Guest's answer in
 * its place. The sequence is straight-line and the temporaries are dead once it ends, so no frame changes.
 */
final class DefineClassCalls extends MethodVisitor {
  private static final String LOOKUP = "java/lang/invoke/MethodHandles$Lookup";
  private static final String CLASS_OPTIONS = "[Ljava/lang/invoke/MethodHandles$Lookup$ClassOption;";

  /**
   * The final defineClass overloads of ClassLoader and SecureClassLoader, by name and descriptor: no subclass can
   * override them, so a call with this name and descriptor is one of them whenever the receiver is a class loader,
   * whatever class the call names (javac names the caller's superclass, Groovy's own loader class).
   */
  private static final Set<String> LOADER_DEFINITIONS = Set.of(
      "defineClass([BII)Ljava/lang/Class;",
      "defineClass(Ljava/lang/String;[BII)Ljava/lang/Class;",
      "defineClass(Ljava/lang/String;[BIILjava/security/ProtectionDomain;)Ljava/lang/Class;",
      "defineClass(Ljava/lang/String;[BIILjava/security/CodeSource;)Ljava/lang/Class;",
      "defineClass(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/ProtectionDomain;)Ljava/lang/Class;",
      "defineClass(Ljava/lang/String;Ljava/nio/ByteBuffer;Ljava/security/CodeSource;)Ljava/lang/Class;");
  /** The methods of MethodHandles.Lookup, a final class, that define a class in the lookup class's loader. */
  private static final Set<String> LOOKUP_DEFINITIONS = Set.of(
      "defineClass([B)Ljava/lang/Class;",
      "defineHiddenClass([BZ" + CLASS_OPTIONS + ")L" + LOOKUP + ";",
      "defineHiddenClassWithClassData([BLjava/lang/Object;Z" + CLASS_OPTIONS + ")L" + LOOKUP + ";");

  private static final Type BYTES = Type.getType(byte[].class);
  private static final Type BUFFER = Type.getType(ByteBuffer.class);
  private static final Type OBJECT = Type.getType(Object.class);

  /** The first local variable slot the method's own code does not use. */
  private final int firstFree;
  /** How many slots past {@link #firstFree} the temporaries took, at most. */
  private int temporaries;
  /** Whether a call was rewritten: the receiver's copy needs one stack slot more than the call had. */
  private boolean rewritten;

  /**
   * @param next where the method goes
   * @param firstFree the method's number of local variable slots, from {@link InvokeScan}
   */
  DefineClassCalls(MethodVisitor next, int firstFree) {
    super(Opcodes.ASM9, next);
    this.firstFree = firstFree;
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    if ((opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKESPECIAL) && name.startsWith("define")) {
      String method = name + descriptor;
      if (LOADER_DEFINITIONS.contains(method)) {
        passClassFileThroughGuest(descriptor, OBJECT);
      } else if (owner.equals(LOOKUP) && LOOKUP_DEFINITIONS.contains(method)) {
        passClassFileThroughGuest(descriptor, Type.getObjectType(LOOKUP));
      }
    }
    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
  }

  /**
   * With the receiver and the arguments of a definition on the stack, replaces the class file argument (a byte
   * array with or without an offset and a length, or a buffer) by what {@code Guest.classFile} returns for it. A
   * byte array comes back whole, so its offset becomes 0 and its length the array's.
   */
  private void passClassFileThroughGuest(String descriptor, Type definer) {
    Type[] arguments = Type.getArgumentTypes(descriptor);
    int[] slots = new int[arguments.length];
    int next = firstFree;
    int classFile = -1;
    for (int i = 0; i < arguments.length; i++) {
      slots[i] = next;
      next += arguments[i].getSize();
      if (classFile < 0 && (arguments[i].equals(BYTES) || arguments[i].equals(BUFFER))) {
        classFile = i;
      }
    }
    temporaries = Math.max(temporaries, next - firstFree);
    rewritten = true;
    for (int i = arguments.length - 1; i >= 0; i--) {
      super.visitVarInsn(arguments[i].getOpcode(Opcodes.ISTORE), slots[i]);
    }
    super.visitInsn(Opcodes.DUP); // the receiver: the loader or lookup that defines the class
    boolean range = arguments[classFile].equals(BYTES) && classFile + 2 < arguments.length
        && arguments[classFile + 1] == Type.INT_TYPE && arguments[classFile + 2] == Type.INT_TYPE;
    Type[] guestArguments = range
        ? new Type[] {definer, BYTES, Type.INT_TYPE, Type.INT_TYPE}
        : new Type[] {definer, arguments[classFile]};
    for (int i = 1; i < guestArguments.length; i++) {
      super.visitVarInsn(guestArguments[i].getOpcode(Opcodes.ILOAD), slots[classFile + i - 1]);
    }
    super.visitMethodInsn(Opcodes.INVOKESTATIC, GuestClass.INTERNAL_NAME, "classFile",
        Type.getMethodDescriptor(arguments[classFile], guestArguments), false);
    super.visitVarInsn(Opcodes.ASTORE, slots[classFile]);
    if (range) {
      super.visitInsn(Opcodes.ICONST_0);
      super.visitVarInsn(Opcodes.ISTORE, slots[classFile + 1]);
      super.visitVarInsn(Opcodes.ALOAD, slots[classFile]);
      super.visitInsn(Opcodes.ARRAYLENGTH);
      super.visitVarInsn(Opcodes.ISTORE, slots[classFile + 2]);
    }
    for (int i = 0; i < arguments.length; i++) {
      super.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]);
    }
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    super.visitMaxs(rewritten ? maxStack + 1 : maxStack, Math.max(maxLocals, firstFree + temporaries));
  }
}
