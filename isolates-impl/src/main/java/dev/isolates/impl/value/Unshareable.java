package dev.isolates.impl.value;

import dev.isolates.NotShareableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Internal signal that a value deep inside another cannot cross. Each container it passes through on the way
 * out adds its step ({@code field 'socket'}, {@code element 3}), so the path is built only on failure, and a
 * value that crosses costs nothing for it. The boundary turns it into the public {@link NotShareableException}
 * with {@link #toException(String)}.
 *
 * <p>The reasons a value is refused are written here, once, whichever way it was crossing (copy, encoding,
 * decoding, or the {@code isShareable} check).
 */
final class Unshareable extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Paths longer than this are shortened in messages: a value refused for its depth has hundreds of steps. */
  private static final int PATH_SHOWN = 12;

  static final String NOT_SHAREABLE = "it is neither a shareable type nor Serializable; pass the data it holds"
      + " instead (Isolates.isShareable lists the shareable types), or make its class Serializable";
  private static final String ONLY_SHAREABLE = "it is Serializable but not shareable, and only shareable"
      + " values are accepted here; pass its data as shareable values (see Isolates.isShareable)";

  private final Deque<String> path = new ArrayDeque<>();
  private final String typeName;
  private final String reason;
  /** How many of the next steps to drop: those inside a cycle, which would repeat the same ones. */
  private int skipped;

  private Unshareable(String typeName, String reason, Throwable cause) {
    super(null, cause, false, false);
    this.typeName = typeName;
    this.reason = reason;
  }

  static Unshareable of(Class<?> type, String reason, Throwable cause) {
    return new Unshareable(type.getName(), reason, cause);
  }

  static Unshareable of(String typeName, String reason, Throwable cause) {
    return new Unshareable(typeName, reason, cause);
  }

  /** A value of a type outside the shareable set that is not Serializable either. */
  static Unshareable notShareable(Class<?> type) {
    if (type.isHidden() && type.getName().contains("$$Lambda")) {
      // Name the interface, not the hidden class's generated name ($$Lambda$49/0x...), which says nothing.
      String implemented = type.getInterfaces().length == 0 ? "Object" : type.getInterfaces()[0].getName();
      return new Unshareable("a lambda or method reference implementing " + implemented, "lambdas and method"
          + " references travel only when they are Serializable; declare it as one of the Isolated* interfaces,"
          + " or cast it to (" + implemented + " & java.io.Serializable)", null);
    }
    return new Unshareable(type.getName(), NOT_SHAREABLE, null);
  }

  /** A merely Serializable value where only shareable ones are accepted. */
  static Unshareable onlyShareable(Class<?> type) {
    return new Unshareable(type.getName(), ONLY_SHAREABLE, null);
  }

  /** A class the receiving isolate cannot load: the value's own ({@code missing} null) or one it holds. */
  static Unshareable cannotLoad(String typeName, String missing, Receiver into, Throwable cause) {
    return new Unshareable(typeName, into.label() + " cannot load " + (missing == null ? "a class of that name"
        : "class " + missing + " that it holds") + "; add the jar or folder that holds it to the isolate's class"
        + " path, or its package to IsolateConfig.sharedPackages", cause);
  }

  /** A record whose class in the receiving isolate has other components. */
  static Unshareable differentRecord(Class<?> receiversType, Receiver into, String[] sent, String[] own) {
    return new Unshareable(receiversType.getName(), into.label() + " has a different record of that name: its"
        + " components are " + Arrays.toString(own) + ", not " + Arrays.toString(sent)
        + "; give both isolates the same version of the class", null);
  }

  /** A value that contains itself: the part at the end of the path is the same object as an enclosing one. */
  static Unshareable containsItself(Class<?> type, int depthOfEnclosing) {
    return new Unshareable(type.getName(), "it contains itself: it is the same object as the value "
        + (depthOfEnclosing == 0 ? "at the start of this path" : depthOfEnclosing + " step(s) into this path")
        + ", and a copy of a value with a cycle would never end; break the cycle, or pass an id in its place",
        null);
  }

  /** A value that nests deeper than a copy may go. */
  static Unshareable tooDeep(Class<?> type, int maxDepth) {
    return new Unshareable(type.getName(), "it nests deeper than " + maxDepth + " levels, the most a value may;"
        + " pass it flatter (a list of its parts, say)", null);
  }

  // The steps of a path, named here for every way of crossing.

  static String elementStep(int index) {
    return "element " + index;
  }

  static String keyStep(Object key) {
    return "key " + describe(key);
  }

  static String valueStep(Object key) {
    return "value for key " + describe(key);
  }

  static String componentStep(String name) {
    return "component '" + name + "'";
  }

  static String fieldStep(String name) {
    return "field '" + name + "'";
  }

  static final String OPTIONAL_STEP = "value";

  /** A short, readable form of a map key for a path: {@code 'name'} for strings, the value otherwise. */
  private static String describe(Object key) {
    String text = key instanceof Object[] ? Arrays.deepToString((Object[]) key) : String.valueOf(key);
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return key instanceof String ? "'" + text + "'" : text;
  }

  /** Adds the step from the enclosing value to the one that failed, e.g. {@code component 'x'}. */
  Unshareable within(String step) {
    if (skipped > 0) {
      skipped--;
    } else {
      path.addFirst(step);
    }
    return this;
  }

  /** Drops the next {@code steps} steps added: the failure was found deeper than the part it is about. */
  Unshareable skippingInnermost(int steps) {
    skipped = steps;
    return this;
  }

  /**
   * Returns the public exception, e.g. {@code argument 2 -> field 'socket' (java.net.Socket) is not shareable:
   * ...}.
   *
   * @param root where the outermost value was: {@code argument 2}, {@code result}, {@code binding 'x'}
   */
  NotShareableException toException(String root) {
    List<String> steps = new ArrayList<>(path);
    if (steps.size() > PATH_SHOWN) {
      int skipped = steps.size() - PATH_SHOWN;
      steps.subList(PATH_SHOWN / 2, PATH_SHOWN / 2 + skipped).clear();
      steps.add(PATH_SHOWN / 2, "... " + skipped + " more steps ...");
    }
    StringBuilder message = new StringBuilder(root);
    steps.forEach(step -> message.append(" -> ").append(step));
    message.append(" (").append(typeName).append(") is not shareable: ").append(reason);
    return new NotShareableException(message.toString(), getCause());
  }
}
