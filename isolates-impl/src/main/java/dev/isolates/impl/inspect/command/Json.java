package dev.isolates.impl.inspect.command;

import java.util.List;

/** Writes the command's {@code --json} output: an array of flat objects, one per line. */
final class Json {
  private final StringBuilder array = new StringBuilder();
  private StringBuilder object;

  /** Starts the next object of the array. */
  Json object() {
    endObject();
    object = new StringBuilder("{");
    return this;
  }

  /**
   * Adds a field to the current object.
   *
   * @param value a String, a Number, a Boolean or a List of Strings
   */
  Json field(String key, Object value) {
    if (object.length() > 1) {
      object.append(',');
    }
    string(object, key);
    object.append(':');
    if (value instanceof String) {
      string(object, (String) value);
    } else if (value instanceof List) {
      object.append('[');
      List<?> items = (List<?>) value;
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          object.append(',');
        }
        string(object, String.valueOf(items.get(i)));
      }
      object.append(']');
    } else {
      object.append(value); // numbers and booleans read the same in JSON
    }
    return this;
  }

  /** The array, ending with a line break: {@code []} when empty. */
  @Override
  public String toString() {
    endObject();
    return array.length() == 0 ? "[]\n" : "[\n" + array + "\n]\n";
  }

  private void endObject() {
    if (object != null) {
      array.append(array.length() == 0 ? "  " : ",\n  ").append(object).append('}');
      object = null;
    }
  }

  private static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
