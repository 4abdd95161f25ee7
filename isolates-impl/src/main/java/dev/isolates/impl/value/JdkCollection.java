package dev.isolates.impl.value;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * A JDK list, set or map class that a copy keeps: a copy of a {@code LinkedList} is a {@code LinkedList}, of a
 * {@code TreeMap} a {@code TreeMap}, of a {@code List.of(...)} an unmodifiable list. Each is rebuilt by adding
 * the copied elements to an empty one (its builder), then finishing it (for the unmodifiable ones).
 *
 * <p>Sorted ones are kept only in natural order; with a comparator, which is code, they go by serialization.
 * A JDK view that is not {@link Serializable} (a {@code subList}, a {@code keySet}) cannot keep its class without
 * its backing collection, and becomes the plain one of its kind, in the same order. A serializable JDK collection
 * not listed here ({@code synchronizedList}, an {@code EnumSet}) keeps its class through serialization, and a
 * collection class defined outside the JDK is never rebuilt as a JDK one: see {@link ValueKind}.
 */
final class JdkCollection {
  private static final Map<Class<?>, JdkCollection> BY_CLASS = new HashMap<>();
  private static final Map<String, JdkCollection> BY_NAME = new HashMap<>();

  private static final JdkCollection ARRAY_LIST =
      define("ArrayList", Shape.LIST, ArrayList::new, null, ArrayList.class);
  private static final JdkCollection LINKED_HASH_SET =
      define("LinkedHashSet", Shape.SET, size -> new LinkedHashSet<>(capacity(size)), null, LinkedHashSet.class);
  private static final JdkCollection LINKED_HASH_MAP =
      define("LinkedHashMap", Shape.MAP, size -> new LinkedHashMap<>(capacity(size)), null, LinkedHashMap.class);

  static {
    define("LinkedList", Shape.LIST, size -> new LinkedList<>(), null, LinkedList.class);
    define("Vector", Shape.LIST, Vector::new, null, Vector.class);
    define("CopyOnWriteArrayList", Shape.LIST, ArrayList::new,
        list -> new CopyOnWriteArrayList<>((List<?>) list), CopyOnWriteArrayList.class);
    define("List.of", Shape.LIST, ArrayList::new, JdkCollection::unmodifiableList,
        List.of().getClass(), List.of(1).getClass());
    define("Arrays.asList", Shape.LIST, ArrayList::new, list -> Arrays.asList(((List<?>) list).toArray()),
        Arrays.asList().getClass());
    define("Collections.emptyList", Shape.LIST, ArrayList::new, list -> Collections.emptyList(),
        Collections.emptyList().getClass());
    define("Collections.singletonList", Shape.LIST, ArrayList::new,
        list -> Collections.singletonList(((List<?>) list).get(0)), Collections.singletonList(1).getClass());
    define("Collections.unmodifiableList", Shape.LIST, ArrayList::new,
        list -> Collections.unmodifiableList((List<?>) list),
        Collections.unmodifiableList(new ArrayList<>()).getClass());
    define("Collections.unmodifiableSequentialList", Shape.LIST, size -> new LinkedList<>(),
        list -> Collections.unmodifiableList((List<?>) list),
        Collections.unmodifiableList(new LinkedList<>()).getClass());

    define("HashSet", Shape.SET, size -> new HashSet<>(capacity(size)), null, HashSet.class);
    define("TreeSet", Shape.SORTED_SET, size -> new TreeSet<>(), null, TreeSet.class);
    define("ConcurrentSkipListSet", Shape.SORTED_SET, size -> new ConcurrentSkipListSet<>(), null,
        ConcurrentSkipListSet.class);
    define("CopyOnWriteArraySet", Shape.SET, size -> new LinkedHashSet<>(capacity(size)),
        set -> new CopyOnWriteArraySet<>((Set<?>) set), CopyOnWriteArraySet.class);
    define("Set.of", Shape.SET, size -> new LinkedHashSet<>(capacity(size)), set -> Set.copyOf((Set<?>) set),
        Set.of().getClass(), Set.of(1).getClass());
    define("Collections.emptySet", Shape.SET, HashSet::new, set -> Collections.emptySet(),
        Collections.emptySet().getClass());
    define("Collections.singleton", Shape.SET, HashSet::new,
        set -> Collections.singleton(((Set<?>) set).iterator().next()), Collections.singleton(1).getClass());
    define("Collections.unmodifiableSet", Shape.SET, size -> new LinkedHashSet<>(capacity(size)),
        set -> Collections.unmodifiableSet((Set<?>) set), Collections.unmodifiableSet(new HashSet<>()).getClass());

    define("HashMap", Shape.MAP, size -> new HashMap<>(capacity(size)), null, HashMap.class);
    define("TreeMap", Shape.SORTED_MAP, size -> new TreeMap<>(), null, TreeMap.class);
    define("ConcurrentSkipListMap", Shape.SORTED_MAP, size -> new ConcurrentSkipListMap<>(), null,
        ConcurrentSkipListMap.class);
    define("ConcurrentHashMap", Shape.MAP, size -> new ConcurrentHashMap<>(capacity(size)), null,
        ConcurrentHashMap.class);
    define("Hashtable", Shape.MAP, size -> new Hashtable<>(capacity(size)), null, Hashtable.class);
    define("Properties", Shape.MAP, size -> new Properties(), null, Properties.class);
    define("Map.of", Shape.MAP, size -> new LinkedHashMap<>(capacity(size)), map -> Map.copyOf((Map<?, ?>) map),
        Map.of().getClass(), Map.of(1, 1).getClass());
    define("Collections.emptyMap", Shape.MAP, HashMap::new, map -> Collections.emptyMap(),
        Collections.emptyMap().getClass());
    define("Collections.singletonMap", Shape.MAP, HashMap::new, JdkCollection::singletonMap,
        Collections.singletonMap(1, 1).getClass());
    define("Collections.unmodifiableMap", Shape.MAP, size -> new LinkedHashMap<>(capacity(size)),
        map -> Collections.unmodifiableMap((Map<?, ?>) map),
        Collections.unmodifiableMap(new HashMap<>()).getClass());
  }

  /** What a collection holds and how its elements go in. */
  enum Shape {
    LIST, SET, SORTED_SET, MAP, SORTED_MAP;

    boolean isMap() {
      return this == MAP || this == SORTED_MAP;
    }
  }

  /** A name that does not depend on the JDK's private class names, written in encodings. */
  final String name;
  final Shape shape;
  private final IntFunction<Object> builder;
  /** Turns the builder into the collection; null when the builder is the collection. */
  private final UnaryOperator<Object> finisher;

  private JdkCollection(String name, Shape shape, IntFunction<Object> builder, UnaryOperator<Object> finisher) {
    this.name = name;
    this.shape = shape;
    this.builder = builder;
    this.finisher = finisher;
  }

  private static JdkCollection define(String name, Shape shape, IntFunction<Object> builder,
      UnaryOperator<Object> finisher, Class<?>... classes) {
    JdkCollection collection = new JdkCollection(name, shape, builder, finisher);
    BY_NAME.put(name, collection);
    for (Class<?> type : classes) {
      BY_CLASS.put(type, collection);
    }
    return collection;
  }

  /**
   * Returns how to rebuild collections of this class, or null if its values are not rebuilt element by
   * element: it is no JDK list, set or map, or one that keeps its class through serialization.
   */
  static JdkCollection of(Class<?> type) {
    JdkCollection known = BY_CLASS.get(type);
    if (known != null || type.getClassLoader() != null || Serializable.class.isAssignableFrom(type)) {
      return known;
    }
    if (List.class.isAssignableFrom(type)) {
      return ARRAY_LIST;
    }
    if (Set.class.isAssignableFrom(type)) {
      return LINKED_HASH_SET;
    }
    return Map.class.isAssignableFrom(type) ? LINKED_HASH_MAP : null;
  }

  /** Returns the collection an encoding names, or null if it names none. */
  static JdkCollection named(String name) {
    return BY_NAME.get(name);
  }

  /** Tells whether a collection of this class must go by serialization instead: it is sorted by a comparator. */
  boolean hasComparator(Object collection) {
    return shape == Shape.SORTED_SET ? ((java.util.SortedSet<?>) collection).comparator() != null
        : shape == Shape.SORTED_MAP && ((java.util.SortedMap<?, ?>) collection).comparator() != null;
  }

  /** Returns an empty collection or map to add {@code size} elements or entries to. */
  Object newBuilder(int size) {
    return builder.apply(size);
  }

  /** Returns the collection built from a filled builder. */
  Object finish(Object filled) {
    return finisher == null ? filled : finisher.apply(filled);
  }

  @SuppressWarnings("unchecked")
  static void add(Object builder, Object element) {
    ((Collection<Object>) builder).add(element);
  }

  @SuppressWarnings("unchecked")
  static void put(Object builder, Object key, Object value) {
    ((Map<Object, Object>) builder).put(key, value);
  }

  /** {@code List.of} refuses nulls, which a list from {@code Stream.toList()} may hold. */
  private static Object unmodifiableList(Object list) {
    return ((List<?>) list).contains(null) ? Collections.unmodifiableList((List<?>) list) : List.copyOf((List<?>) list);
  }

  private static Object singletonMap(Object map) {
    Map.Entry<?, ?> entry = ((Map<?, ?>) map).entrySet().iterator().next();
    return Collections.singletonMap(entry.getKey(), entry.getValue());
  }

  private static int capacity(int size) {
    return (int) (size / 0.75f) + 1;
  }

  @Override
  public String toString() {
    return name;
  }
}
