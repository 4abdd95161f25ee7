package dev.isolates.impl.loader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Puts {@code Guest.poll()} where a thread can run for ever: at the entry of a method that invokes anything
 * (recursion), before each backward jump or switch (loops), and at the start of each handler that catches a
 * named type (a loop that catches the stop and carries on). See {@link ClassRewriter} for why just there.
 *
 * <p>Labels arrive in code order, so a jump to a label already seen goes backward.
 */
final class CancellationPoints extends MethodVisitor {
  private final boolean pollAtEntry;
  private final Set<Label> seen = new HashSet<>();
  /** The try blocks with a named catch type, which arrive before the code. */
  private final List<TryBlock> typedBlocks = new ArrayList<>();
  /** The typed blocks whose range covers the current position. */
  private final List<TryBlock> openBlocks = new ArrayList<>();
  /** The handler that starts at the next instruction, after its label, line number and frame; else null. */
  private Label handlerStart;

  /**
   * @param next where the method goes
   * @param pollAtEntry whether the method invokes anything, so that it may recurse
   */
  CancellationPoints(MethodVisitor next, boolean pollAtEntry) {
    super(Opcodes.ASM9, next);
    this.pollAtEntry = pollAtEntry;
  }

  @Override
  public void visitCode() {
    super.visitCode();
    if (pollAtEntry) {
      poll(); // legal before a constructor's super(): it touches neither the stack nor uninitialized this
    }
  }

  @Override
  public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
    super.visitTryCatchBlock(start, end, handler, type);
    if (type != null) {
      typedBlocks.add(new TryBlock(start, end, handler));
    }
  }

  @Override
  public void visitLabel(Label label) {
    super.visitLabel(label);
    seen.add(label);
    for (TryBlock block : typedBlocks) {
      if (block.end() == label) {
        openBlocks.remove(block);
      }
      if (block.start() == label) {
        openBlocks.add(block);
      }
      if (block.handler() == label) {
        handlerStart = label;
      }
    }
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    beforeInstruction();
    if (seen.contains(label)) {
      poll();
    }
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label defaultLabel, Label... labels) {
    beforeInstruction();
    pollIfBackward(defaultLabel, labels);
    super.visitTableSwitchInsn(min, max, defaultLabel, labels);
  }

  @Override
  public void visitLookupSwitchInsn(Label defaultLabel, int[] keys, Label[] labels) {
    beforeInstruction();
    pollIfBackward(defaultLabel, labels);
    super.visitLookupSwitchInsn(defaultLabel, keys, labels);
  }

  // Every other instruction: only the handler's poll may have to go first.

  @Override
  public void visitInsn(int opcode) {
    beforeInstruction();
    super.visitInsn(opcode);
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    beforeInstruction();
    super.visitIntInsn(opcode, operand);
  }

  @Override
  public void visitVarInsn(int opcode, int varIndex) {
    beforeInstruction();
    super.visitVarInsn(opcode, varIndex);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    beforeInstruction();
    super.visitTypeInsn(opcode, type);
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    beforeInstruction();
    super.visitFieldInsn(opcode, owner, name, descriptor);
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    beforeInstruction();
    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
    beforeInstruction();
    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
  }

  @Override
  public void visitLdcInsn(Object value) {
    beforeInstruction();
    super.visitLdcInsn(value);
  }

  @Override
  public void visitIincInsn(int varIndex, int increment) {
    beforeInstruction();
    super.visitIincInsn(varIndex, increment);
  }

  @Override
  public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
    beforeInstruction();
    super.visitMultiANewArrayInsn(descriptor, numDimensions);
  }

  /**
   * Polls first thing in a handler, after the frame that a handler's label carries. Not in a handler whose
   * own try block covers its start (javac does that for catch-any handlers only, which get no poll anyway,
   * but other compilers and tools may for typed ones): the poll would throw into the handler again, for ever.
   */
  private void beforeInstruction() {
    if (handlerStart == null) {
      return;
    }
    boolean coversItself = false;
    for (TryBlock block : openBlocks) {
      coversItself |= block.handler() == handlerStart;
    }
    handlerStart = null;
    if (!coversItself) {
      poll();
    }
  }

  private void pollIfBackward(Label defaultLabel, Label[] labels) {
    boolean backward = seen.contains(defaultLabel);
    for (Label label : labels) {
      backward |= seen.contains(label);
    }
    if (backward) {
      poll();
    }
  }

  private void poll() {
    super.visitMethodInsn(Opcodes.INVOKESTATIC, GuestClass.INTERNAL_NAME, "poll", "()V", false);
  }

  /** One entry of the exception table; labels compare by identity, as the reader gives one label per offset. */
  private record TryBlock(Label start, Label end, Label handler) {}
}
