package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import java.util.ArrayList;
import java.util.List;

/**
 * Static state: a "legacy" class keeps a static singleton and a static counter. Loaded in three isolates, it
 * is three independent classes, each with its own singleton and counter; main's copy is never touched.
 */
public final class StaticState {
  private StaticState() {}

  /** Legacy code: global state reached through static methods, the kind that makes two tenants collide. */
  static final class LegacyRegistry {
    private static final LegacyRegistry INSTANCE = new LegacyRegistry();
    private static int registrations;
    private final List<String> names = new ArrayList<>();

    static LegacyRegistry getInstance() {
      return INSTANCE;
    }

    void register(String name) {
      names.add(name);
      registrations++;
    }

    String describe() {
      return "singleton@" + Integer.toHexString(System.identityHashCode(this)) + " holds " + names
          + ", registrations=" + registrations;
    }
  }

  static String registerAll(String tenant, int count) {
    for (int i = 1; i <= count; i++) {
      LegacyRegistry.getInstance().register(tenant + "-" + i);
    }
    return LegacyRegistry.getInstance().describe();
  }

  public static void main(String[] args) {
    List<Isolate> tenants = new ArrayList<>();
    try {
      for (int t = 1; t <= 3; t++) {
        tenants.add(Isolates.create());
      }
      for (int t = 0; t < tenants.size(); t++) {
        String state = tenants.get(t).call(StaticState::registerAll, "tenant" + (t + 1), t + 1);
        System.out.println("isolate " + tenants.get(t).id() + ": " + state);
      }
      System.out.println("main:      " + LegacyRegistry.getInstance().describe());
    } finally {
      tenants.forEach(Isolate::close);
    }
  }
}
