package dev.isolates.impl.inspect.command;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A running JVM of the same user, seen through JMX: attached with the Attach API, which starts the JDK's local
 * management agent in it (or finds the one already started; the JDK offers no way to stop it again, and jconsole
 * leaves it running too), then connected to that agent, which accepts local connections only.
 *
 * <p>Before attaching, the pid is checked against the JVMs the Attach API lists: attaching to a process that is not
 * a JVM would send it the signal that starts a JVM's attach listener, which ends most other programs.
 */
final class TargetJvm implements AutoCloseable {
  private static final String ISOLATES = "dev.isolates:type=Isolate,*";
  private static final String QUEUES = "dev.isolates:type=Queue,*";

  final long pid;
  private final JMXConnector connector;
  private final MBeanServerConnection connection;

  private TargetJvm(long pid, JMXConnector connector) throws IOException {
    this.pid = pid;
    this.connector = connector;
    this.connection = connector.getMBeanServerConnection();
  }

  /**
   * Attaches to a JVM and connects to its management agent.
   *
   * @throws Failure naming the pid: no such process, not a JVM of this user, or it cannot be attached to
   */
  static TargetJvm attach(long pid) throws Failure {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      throw Failure.of("no process with pid " + pid);
    }
    String id = Long.toString(pid);
    VirtualMachineDescriptor descriptor = VirtualMachine.list().stream()
        .filter(jvm -> jvm.id().equals(id))
        .findFirst()
        .orElseThrow(() -> Failure.of("process " + pid + " is not a Java virtual machine of this user: the JDK"
            + " attaches only to JVMs run by the same user, with the attach mechanism and -XX:+UsePerfData (the"
            + " defaults)"));
    String address;
    try {
      VirtualMachine jvm = VirtualMachine.attach(descriptor);
      try {
        address = jvm.startLocalManagementAgent();
      } finally {
        jvm.detach();
      }
    } catch (AttachNotSupportedException | IOException e) {
      throw Failure.of("cannot attach to JVM " + pid + ": " + e);
    }
    JMXConnector connector = null;
    try {
      connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      return new TargetJvm(pid, connector);
    } catch (IOException e) {
      closeQuietly(connector, e);
      throw Failure.of("cannot connect to the management agent of JVM " + pid + " at " + address + ": " + e);
    }
  }

  private static void closeQuietly(JMXConnector connector, IOException failure) {
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * Returns the names of the isolates' beans, in id order.
   *
   * @throws Failure if there are none: the JVM has no isolates runtime
   */
  List<ObjectName> isolates() throws Failure {
    List<ObjectName> names = query(ISOLATES);
    if (names.isEmpty()) {
      throw Failure.of("JVM " + pid + " has no isolates runtime: it has no dev.isolates management beans"
          + " (isolates-impl is not on its class path, or it has not used dev.isolates.Isolates yet)");
    }
    return names;
  }

  /** Returns the names of the queues' beans, in id order. */
  List<ObjectName> queues() throws Failure {
    return query(QUEUES);
  }

  /**
   * Returns the name of one isolate's bean.
   *
   * @throws Failure naming the id if the JVM has no isolate with that id
   */
  ObjectName isolate(long isolateId) throws Failure {
    isolates(); // first, so that a JVM without the runtime is reported as such
    ObjectName name = name("dev.isolates:type=Isolate,id=" + isolateId);
    try {
      if (connection.isRegistered(name)) {
        return name;
      }
    } catch (IOException e) {
      throw lost(e);
    }
    throw noIsolate(isolateId);
  }

  Failure noIsolate(long isolateId) {
    return Failure.of("JVM " + pid + " has no isolate with id " + isolateId + " (ps " + pid + " lists them)");
  }

  /**
   * Reads attributes of a bean.
   *
   * @return the values by attribute name, or null if the bean is gone or could not give them all (its isolate or
   *     queue closed meanwhile)
   */
  Map<String, Object> attributes(ObjectName name, String... attributes) throws Failure {
    try {
      AttributeList list = connection.getAttributes(name, attributes);
      if (list.size() != attributes.length) {
        return null;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (Attribute attribute : list.asList()) {
        values.put(attribute.getName(), attribute.getValue());
      }
      return values;
    } catch (InstanceNotFoundException closedMeanwhile) {
      return null;
    } catch (JMException e) {
      throw Failure.of("cannot read " + name + " in JVM " + pid + ": " + e);
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /**
   * Invokes an operation of a bean.
   *
   * @throws JMException as the MBean server reports it: the operation's own exception is its cause
   */
  Object invoke(ObjectName name, String operation, Object[] arguments, String[] signature)
      throws JMException, Failure {
    try {
      return connection.invoke(name, operation, arguments, signature);
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** Returns the threads with these ids and their whole stacks; threads that ended are left out. */
  List<ThreadInfo> threads(long[] ids) throws Failure {
    try {
      ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
          ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
      List<ThreadInfo> infos = new ArrayList<>();
      for (ThreadInfo info : threads.getThreadInfo(ids, Integer.MAX_VALUE)) {
        if (info != null) {
          infos.add(info);
        }
      }
      return infos;
    } catch (IOException e) {
      throw lost(e);
    }
  }

  private List<ObjectName> query(String pattern) throws Failure {
    try {
      List<ObjectName> names = new ArrayList<>(connection.queryNames(name(pattern), null));
      names.sort(Comparator.comparingLong(TargetJvm::id));
      return names;
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** The id key of one of our beans' names. */
  private static long id(ObjectName name) {
    return Long.parseLong(name.getKeyProperty("id"));
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  private Failure lost(IOException e) {
    return Failure.of("lost the connection to JVM " + pid + ": " + e);
  }

  @Override
  public void close() {
    try {
      connector.close();
    } catch (IOException alreadyGone) {
      // the JVM ended or dropped the connection: nothing of ours is left to release
    }
  }
}
