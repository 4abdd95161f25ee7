package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Values cross isolates as copies made of the receiver's classes. */
class ValuesTest {
  private Isolate isolate;

  record Point(int x, int y) {}

  record Labelled(String label, List<Point> points) {}

  enum Color { RED, GREEN }

  /** Records, in its components, the isolate and context class loader its constructor ran in. */
  record Stamp(long builtIn, String loader) {
    Stamp {
      builtIn = Isolates.current().id();
      loader = String.valueOf(Thread.currentThread().getContextClassLoader().getName());
    }

    static Stamp make() {
      return new Stamp(-1, null);
    }
  }

  /** An ArrayList with a field of its own, which a copy as a plain ArrayList would lose. */
  static final class TaggedList extends ArrayList<String> {
    private static final long serialVersionUID = 1L;
    final String tag;

    TaggedList(String tag) {
      this.tag = tag;
    }
  }

  /** A list class of the application that cannot be serialized: it cannot cross. */
  static final class PlainList extends java.util.AbstractList<String> {
    @Override
    public String get(int index) {
      return "x";
    }

    @Override
    public int size() {
      return 1;
    }
  }

  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    final String name;
    final Socket socket;

    Holder(String name, Socket socket) {
      this.name = name;
      this.socket = socket;
    }
  }

  @BeforeEach
  void createIsolate() {
    isolate = Isolates.create();
  }

  @AfterEach
  void closeIsolate() {
    isolate.close();
  }

  @Test
  void record_arrivesAsTheReceiversClass_andComesBackAsTheCallersClass() {
    String insideLoader = isolate.call((Point p) -> p.getClass().getClassLoader().getName(), new Point(1, 2));
    assertThat(insideLoader).isEqualTo("isolate-" + isolate.id());
    Point moved = isolate.call((Point p) -> new Point(p.x() + 1, p.y() + 1), new Point(1, 2));
    assertThat(moved).isEqualTo(new Point(2, 3));
    assertThat(moved.getClass()).isSameAs(Point.class);
    Labelled labelled = isolate.call(() -> new Labelled("l", List.of(new Point(5, 6))));
    assertThat(labelled.points().get(0)).isInstanceOf(Point.class).isEqualTo(new Point(5, 6));
  }

  @Test
  void enum_arrivesAsTheReceiversConstant() {
    Color back = isolate.call((Color c) -> {
      if (c.getClass().getClassLoader() == ClassLoader.getSystemClassLoader()) {
        throw new AssertionError("main's enum leaked into the isolate");
      }
      return c == Color.RED ? Color.GREEN : Color.RED;
    }, Color.RED);
    assertThat(back).isSameAs(Color.GREEN);
  }

  @Test
  void listsAndArrays_areCopies() {
    List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
    int[] array = {1, 2, 3};
    isolate.call((List<Integer> l, int[] a) -> {
      l.add(4);
      a[0] = 99;
    }, list, array);
    assertThat(list).containsExactly(1, 2, 3);
    assertThat(array).containsExactly(1, 2, 3);
    int[] returned = isolate.call((int[] a) -> a, array);
    assertThat(returned).isNotSameAs(array).containsExactly(1, 2, 3);
    String[] strings = isolate.call((String[] s) -> s, new String[] {"a", "b"});
    assertThat(strings).containsExactly("a", "b");
  }

  @Test
  void immutableJdkValues_crossAsTheyAre() {
    String text = "spam";
    LocalDate date = LocalDate.of(2026, 11, 26);
    assertThat(isolate.call((String s) -> s, text)).isSameAs(text);
    assertThat(isolate.call((LocalDate d) -> d, date)).isSameAs(date);
    assertThat(isolate.call(() -> Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(isolate.call(() -> new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void optionalPrimitivesAndJdkCharsets_crossAsTheyAre_throughCallsAndQueues() {
    List<Object> values = List.of(OptionalInt.of(7), OptionalInt.empty(), OptionalLong.of(-8), OptionalLong.empty(),
        OptionalDouble.of(0.5), OptionalDouble.empty(), StandardCharsets.UTF_8, Charset.forName("x-IBM930"));
    for (Object value : values) {
      assertThat(Isolates.isShareable(value)).as("isShareable(%s)", value).isTrue();
      assertThat(isolate.call((Object v) -> v, value)).as("%s through a call", value).isSameAs(value);
    }
    try (IsolateQueue<Object> queue = Isolates.createQueue()) {
      for (Object value : values) {
        queue.put(value);
      }
      for (Object value : values) {
        assertThat(isolate.call((IsolateQueue<Object> q) -> q.get(), queue)).as("%s through a queue", value).isEqualTo(value);
      }
    }
    Charset ownCharset = new Charset("x-own", null) {
      @Override
      public boolean contains(Charset other) {
        return false;
      }

      @Override
      public CharsetDecoder newDecoder() {
        throw new UnsupportedOperationException();
      }

      @Override
      public CharsetEncoder newEncoder() {
        throw new UnsupportedOperationException();
      }
    };
    assertThat(Isolates.isShareable(ownCharset)).as("a charset class of the application").isFalse();
  }

  @Test
  void containers_areRebuiltDeeply() {
    Map<String, List<Point>> map = Map.of("a", List.of(new Point(1, 1)));
    Map<String, List<Point>> back = isolate.call((Map<String, List<Point>> m) -> m, map);
    assertThat(back).isEqualTo(map);
    assertThat(back.get("a").get(0)).isInstanceOf(Point.class);
    TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1));
    assertThat(isolate.call((Map<String, Integer> m) -> m instanceof TreeMap, sorted)).isTrue();
    assertThat(isolate.call(() -> Optional.of(Set.of(new Point(3, 4))))).contains(Set.of(new Point(3, 4)));
  }

  @Test
  void serializableValues_areCopiedThroughSerialization() {
    ArrayDeque<String> deque = new ArrayDeque<>(List.of("x", "y"));
    ArrayDeque<String> back = isolate.call((ArrayDeque<String> d) -> {
      d.addFirst("w");
      return d;
    }, deque);
    assertThat(back).containsExactly("w", "x", "y");
    assertThat(deque).containsExactly("x", "y");
  }

  @Test
  void threadArgument_isRefusedNamingItsTypeAndPosition() {
    assertThatThrownBy(() -> isolate.call((Object a, Object b) -> b, 1, Thread.currentThread()))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("argument 2 (java.lang.Thread) is not shareable: it is neither a shareable type"
            + " nor Serializable");
  }

  @Test
  void plainObjectCaptured_isRefusedNamingItsTypeAndPosition() {
    Object lock = new Object();
    assertThatThrownBy(() -> isolate.call(() -> lock.hashCode()))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("captured value 1 (java.lang.Object) is not shareable");
  }

  /** A class whose lambdas use {@code this}. */
  final class WithState {
    final Object state = new Object();

    int task() {
      return isolate.call(() -> state.hashCode());
    }
  }

  @Test
  void aLambdaThatCapturesThis_isRefusedSayingSo() {
    assertThatThrownBy(() -> new WithState().task())
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("captured value 1 (dev.isolates.tests.ValuesTest$WithState) is not shareable")
        .hasMessageContaining("This value is `this`, the dev.isolates.tests.ValuesTest$WithState the lambda was written in")
        .hasMessageContaining("write it in a static method, or copy the fields it needs into local variables");
  }

  @Test
  void aBoundMethodReferenceToAPlainLambda_namesTheLambdasInterface() {
    Runnable plain = () -> { };
    assertThatThrownBy(() -> isolate.call(plain::run))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("captured value 1 (a lambda or method reference implementing java.lang.Runnable)"
            + " is not shareable: lambdas and method references travel only when they are Serializable")
        .hasMessageContaining("cast it to (java.lang.Runnable & java.io.Serializable)")
        .hasMessageNotContaining("$$Lambda");
  }

  @Test
  void nestedUnshareable_isReportedWithItsPath() {
    Holder holder = new Holder("h", new Socket());
    assertThatThrownBy(() -> isolate.call((String s, Holder h) -> s, "x", holder))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("argument 2 -> field 'socket' (java.net.Socket) is not shareable");
    assertThatThrownBy(() -> isolate.call((List<Object> l) -> l, List.of(1, Map.of("k", new Object()))))
        .hasMessageStartingWith("argument 1 -> element 1 -> value for key 'k' (java.lang.Object) is not shareable");
  }

  @Test
  void unshareableResult_isRefused() {
    assertThatThrownBy(() -> isolate.call(Thread::currentThread))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("result (java.lang.Thread) is not shareable");
  }

  @Test
  void capturedValues_areCopiedIn() {
    Point origin = new Point(7, 8);
    List<String> names = List.of("a", "b");
    String described = isolate.call(() -> origin.getClass().getClassLoader().getName() + names);
    assertThat(described).isEqualTo("isolate-" + isolate.id() + "[a, b]");
  }

  @Test
  void copies_areBuiltInsideTheReceivingIsolate() {
    String argument = isolate.call((Stamp stamp) -> stamp.builtIn() + " " + stamp.loader(), Stamp.make());
    assertThat(argument).as("the argument's constructor ran inside the isolate")
        .isEqualTo(isolate.id() + " isolate-" + isolate.id());
    Stamp result = isolate.call(Stamp::make);
    assertThat(result.builtIn()).as("the result's constructor ran in main").isZero();
    assertThat(result.loader()).isNotEqualTo("isolate-" + isolate.id());
    Stamp captured = Stamp.make();
    assertThat(isolate.call(() -> captured.builtIn())).isEqualTo(isolate.id());
    isolate.prepareMain(Map.of("stamp", Stamp.make()));
    assertThat(isolate.call(() -> ((Stamp) Isolates.mainNamespace().get("stamp")).builtIn())).isEqualTo(isolate.id());
  }

  @Test
  void jdkCollections_keepTheirClass() {
    List<Object> values = List.of(new java.util.LinkedList<>(List.of(1, 2)), properties("k", "v"),
        new java.util.TreeSet<>(Set.of("b", "a")), new java.util.LinkedHashMap<>(Map.of("k", 1)),
        new java.util.HashSet<>(Set.of(1)), new ArrayDeque<>(List.of(1)), new java.util.Vector<>(List.of(1)),
        new java.util.concurrent.ConcurrentHashMap<>(Map.of(1, 2)), java.util.Arrays.asList(1, 2),
        java.util.Collections.unmodifiableList(new ArrayList<>(List.of(1))), java.util.Collections.singletonList(1));
    for (Object value : values) {
      Object copy = isolate.call((Object v) -> v, value);
      assertThat(copy).as("copy of a %s", value.getClass().getName()).hasSameClassAs(value).isNotSameAs(value)
          .hasToString(value.toString());
    }
    List<Integer> unmodifiable = isolate.call((List<Integer> l) -> l, List.of(1, 2, 3));
    assertThat(unmodifiable).containsExactly(1, 2, 3).hasSameClassAs(List.of(1, 2, 3));
    assertThatThrownBy(() -> unmodifiable.add(4)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(isolate.call((Map<String, Integer> m) -> m, Map.of("a", 1))).hasSameClassAs(Map.of("a", 1));
  }

  private static java.util.Properties properties(String key, String value) {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty(key, value);
    return properties;
  }

  @Test
  void collectionClassesOfTheApplication_travelWithTheirFields_orAreRefused() {
    TaggedList tagged = new TaggedList("mine");
    tagged.add("a");
    TaggedList copy = isolate.call((TaggedList l) -> l, tagged);
    assertThat(copy.tag).isEqualTo("mine");
    assertThat(copy).containsExactly("a");
    assertThatThrownBy(() -> isolate.call((List<String> l) -> l.size(), new PlainList()))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("argument 1 (dev.isolates.tests.ValuesTest$PlainList) is not shareable");
    assertThat(Isolates.isShareable(tagged)).as("merely Serializable").isFalse();
  }

  @Test
  void aValueThatContainsItself_isRefusedNamingWhereTheCycleCloses() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add("first");
    cyclic.add(cyclic);
    assertThatThrownBy(() -> isolate.call((List<Object> l) -> l.size(), cyclic))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("argument 1 -> element 1 (java.util.ArrayList) is not shareable: it contains itself");
    Map<String, Object> inner = new java.util.HashMap<>();
    List<Object> outer = new ArrayList<>(List.of(inner));
    inner.put("back", outer);
    assertThatThrownBy(() -> isolate.call((Object o) -> 1, List.of(outer)))
        .hasMessageStartingWith("argument 1 -> element 0 -> element 0 -> value for key 'back' (java.util.ArrayList)"
            + " is not shareable: it contains itself: it is the same object as the value 1 step(s) into this path");
    assertThat(Isolates.isShareable(cyclic)).isFalse();
  }

  @Test
  void aValueNestedTooDeeply_isRefused_withoutOverflowingTheStack() {
    List<Object> deep = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      deep = new ArrayList<>(List.of(deep));
    }
    List<Object> value = deep;
    assertThatThrownBy(() -> isolate.call((List<Object> l) -> l.size(), value))
        .isInstanceOf(NotShareableException.class)
        .hasMessageStartingWith("argument 1 -> element 0 -> element 0")
        .hasMessageContaining("more steps")
        .hasMessageContaining("is not shareable: it nests deeper than 500 levels");
    assertThat(Isolates.isShareable(value)).isFalse();
    List<Object> fine = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      fine = new ArrayList<>(List.of(fine));
    }
    assertThat(isolate.call((List<Object> l) -> l.size(), fine)).isEqualTo(1);
  }

  @Test
  void aSerializableValueTooDeepForSerialization_isRefused() {
    Chain chain = null;
    for (int i = 0; i < 200_000; i++) {
      chain = new Chain(chain);
    }
    Chain value = chain;
    assertThatThrownBy(() -> isolate.call((Chain c) -> 1, value))
        .isInstanceOf(NotShareableException.class)
        .hasMessageContaining("nests too deeply for Java serialization");
  }

  /** A linked list of the application's own, serialized by recursion. */
  static final class Chain implements Serializable {
    private static final long serialVersionUID = 1L;
    final Chain next;

    Chain(Chain next) {
      this.next = next;
    }
  }

  @Test
  void isShareable_acceptsTheShareableSet_andRefusesTheRest() {
    assertThat(Isolates.isShareable(null)).isTrue();
    assertThat(Isolates.isShareable(42)).isTrue();
    assertThat(Isolates.isShareable(new Point(1, 2))).isTrue();
    assertThat(Isolates.isShareable(List.of(Map.of("a", new byte[] {1})))).isTrue();
    assertThat(Isolates.isShareable(isolate)).isTrue();
    assertThat(Isolates.isShareable(Color.RED)).isTrue();
    assertThat(Isolates.isShareable(new Object())).isFalse();
    assertThat(Isolates.isShareable(new ArrayDeque<>())).as("merely Serializable").isFalse();
    assertThat(Isolates.isShareable(List.of(new Object()))).isFalse();
  }
}
