package dev.isolates.tests;

import dev.isolates.Isolates;
import dev.isolates.tests.shared.Rendezvous;
import java.beans.Introspector;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Legacy code with global state, as the tests of real libraries run it inside isolates: JDBC through
 * DriverManager, threads, timers and pools it starts, shutdown hooks, thread-locals, logging handlers, resource
 * bundles and bean introspection. Each isolate loads its own copy.
 */
public final class Tenant {
  /** A cache of the kind logging frameworks keep per thread. */
  static final ThreadLocal<Object> CACHE = new ThreadLocal<>();
  private static Timer timer;
  private static ExecutorService pool;

  private Tenant() {}

  /** Stores a row in the isolate's in-memory database, with no Class.forName, and returns the rows it has. */
  public static int addRow(String database, String value) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS tenant_items (item VARCHAR(100))");
      statement.execute("INSERT INTO tenant_items VALUES ('" + value + "')");
      try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM tenant_items")) {
        count.next();
        return count.getInt(1);
      }
    }
  }

  /** The class loader of the JDBC driver that serves the isolate's connections. */
  public static String driverLoader(String database) throws SQLException {
    return String.valueOf(DriverManager.getDriver("jdbc:h2:mem:" + database).getClass().getClassLoader());
  }

  /** Starts a thread that reports the isolate it executes in, then waits for the latch {@code "stop"}. */
  public static void startThread() {
    Thread thread = new Thread(() -> {
      Rendezvous.open("started in " + Isolates.current().id());
      try {
        Rendezvous.await("stop");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tenant-worker");
    thread.start();
  }

  /** Starts a library timer thread that ticks now and then, as legacy code does. */
  public static void startTimer() {
    timer = new Timer("tenant-timer");
    timer.schedule(new TimerTask() {
      @Override
      public void run() {
        Rendezvous.open("ticked");
      }
    }, 0, 60_000);
  }

  public static void stopTimer() {
    timer.cancel();
  }

  /** Starts a pool whose idle workers wait for work. */
  public static void startPool() {
    pool = Executors.newFixedThreadPool(2);
    pool.submit(() -> Rendezvous.open("pooled"));
  }

  /** Registers a shutdown hook that tells which isolate it ran in. */
  public static void addShutdownHook() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Rendezvous.open("hook ran in "
        + Isolates.current().id()), "tenant-hook"));
  }

  /** Leaves a value of this isolate's class in the calling thread's thread-local. */
  public static void cacheInThisThread() {
    CACHE.set(new Tenant[] {});
  }

  /** Adds a handler of this isolate's class to a logger of the JDK, and a level of its own. */
  public static void addLogHandler() {
    Logger logger = Logger.getLogger("dev.isolates.tests.tenant-log");
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    });
    logger.setLevel(new Level("TENANT", 850) { private static final long serialVersionUID = 1L; });
  }

  /** Looks a resource bundle and a bean up, which the JDK caches. */
  public static String lookUpBundleAndBean() throws Exception {
    ResourceBundle bundle = ResourceBundle.getBundle(Messages.class.getName());
    return bundle.getString("greeting") + " " + Introspector.getBeanInfo(Bean.class).getPropertyDescriptors().length;
  }

  /** A resource bundle of the tenant's own. */
  public static final class Messages extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
      return new Object[][] {{"greeting", "hello"}};
    }
  }

  /** A bean of the tenant's own. */
  public static final class Bean {
    public int getSize() {
      return 1;
    }
  }
}
