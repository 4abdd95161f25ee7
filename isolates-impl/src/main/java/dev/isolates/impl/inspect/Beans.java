package dev.isolates.impl.inspect;

import dev.isolates.IsolateQueue;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the beans of live isolates ({@code dev.isolates:type=Isolate,id=<id>}) and open queues
 * ({@code dev.isolates:type=Queue,id=<id>}) in the platform MBean server, and unregisters them on close; the
 * runtime calls it as isolates and queues come and go.
 *
 * <p>A bean holds its isolate's state object or its queue handle, never a class loader, and is gone from the MBean
 * server once unregistered, so it keeps nothing of a closed isolate reachable. Registering costs a few
 * microseconds; the first registration in a JVM creates the platform MBean server, once, unless the application
 * (or a JMX agent) already did. Without the {@code java.management} module in the runtime image nothing is
 * registered.
 *
 * <p>Names are per JVM but ids are per copy of the runtime: if another copy, loaded by another class loader (two
 * web applications, say), registered a name first, this copy's bean is left out, and only names this copy
 * registered are ever unregistered by it.
 */
public final class Beans {
  private static final boolean AVAILABLE = ModuleLayer.boot().findModule("java.management").isPresent();
  private static final String ISOLATE = "dev.isolates:type=Isolate,id=";
  private static final String QUEUE = "dev.isolates:type=Queue,id=";
  /** The ids whose names this copy of the runtime registered. */
  private static final Set<Long> ISOLATES = ConcurrentHashMap.newKeySet();
  private static final Set<Long> QUEUES = ConcurrentHashMap.newKeySet();
  /**
   * Whether this JVM allows remote exec ({@code -Disolates.remoteExec=true}), read once, as the runtime starts: the
   * registry registers main's bean, which initializes this class, before any isolate exists. Code that sets the
   * property later, in an isolate say, does not allow it.
   */
  private static final boolean REMOTE_EXEC = Boolean.getBoolean(IsolateBean.REMOTE_EXEC);

  private Beans() {}

  /**
   * Registers the bean of an isolate that was just created (or of main, once).
   *
   * @param isolate the isolate, which must be live
   */
  public static void register(InspectedIsolate isolate) {
    if (AVAILABLE && Platform.register(new IsolateBean(isolate, REMOTE_EXEC), ISOLATE + isolate.id())) {
      ISOLATES.add(isolate.id());
    }
  }

  /**
   * Unregisters the bean of an isolate that was just closed; has no effect if it has none.
   *
   * @param id the isolate's id
   */
  public static void unregisterIsolate(long id) {
    if (ISOLATES.remove(id)) {
      Platform.unregister(ISOLATE + id);
    }
  }

  /**
   * Registers the bean of a queue handle that was just created or opened.
   *
   * @param queue the handle
   * @param folder the folder of a durable queue, or null for a temporary one
   */
  public static void register(IsolateQueue<?> queue, Path folder) {
    if (AVAILABLE && Platform.register(new QueueBean(queue, folder), QUEUE + queue.id())) {
      QUEUES.add(queue.id());
    }
  }

  /**
   * Unregisters the bean of a queue handle that was just closed; has no effect if it has none.
   *
   * @param id the queue's id
   */
  public static void unregisterQueue(long id) {
    if (QUEUES.remove(id)) {
      Platform.unregister(QUEUE + id);
    }
  }

  /** The platform MBean server; loaded only when {@code java.management} is present. */
  private static final class Platform {
    static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** Registers a bean; false if another copy of the runtime holds the name. */
    static boolean register(Object bean, String name) {
      try {
        SERVER.registerMBean(bean, new ObjectName(name));
        return true;
      } catch (InstanceAlreadyExistsException anotherRuntime) {
        return false;
      } catch (JMException e) {
        throw new IllegalStateException("cannot register the management bean " + name + ": " + e, e);
      }
    }

    static void unregister(String name) {
      try {
        SERVER.unregisterMBean(new ObjectName(name));
      } catch (InstanceNotFoundException unregisteredByHand) {
        // someone unregistered it through JMX: nothing left to do
      } catch (JMException e) {
        throw new IllegalStateException("cannot unregister the management bean " + name + ": " + e, e);
      }
    }
  }
}
