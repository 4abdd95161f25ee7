package dev.isolates.tests;

/** Code that attaches a value of its own to a JDK class with a {@code ClassValue}, as frameworks cache per class. */
public final class ClassTags {
  private static final ClassValue<ClassTags> TAGS = new ClassValue<>() {
    @Override
    protected ClassTags computeValue(Class<?> type) {
      return new ClassTags();
    }
  };

  private ClassTags() {}

  /** Tags {@code String.class}, which lives as long as the JVM, and returns the tag's class name. */
  public static String tagString() {
    return TAGS.get(String.class).getClass().getName();
  }
}
