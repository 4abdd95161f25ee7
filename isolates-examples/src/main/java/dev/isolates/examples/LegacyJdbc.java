package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.Isolates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;

/**
 * Two tenants of legacy code, each in an isolate: each opens "its" embedded H2 database by name through
 * {@code DriverManager}, with no {@code Class.forName}, starts a library timer thread and registers a shutdown
 * hook, as legacy code does. Each isolate has its own H2 engine, so the same database name is two databases.
 * The first tenant stops its timer and closes; the second is terminated, which stops its timer; both leave
 * nothing behind (their drivers are deregistered, their hooks ran).
 */
public final class LegacyJdbc {
  private LegacyJdbc() {}

  /** Legacy code of one tenant: global state reached through statics. */
  static final class Tenant {
    private static final String URL = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";
    private static Timer audit;

    static String open(String tenant) throws SQLException {
      try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE orders (item VARCHAR(40))");
      }
      audit = new Timer(tenant + "-audit");
      audit.schedule(new TimerTask() {
        @Override
        public void run() {
          // an audit trail a legacy library writes now and then
        }
      }, 0, 60_000);
      Runtime.getRuntime().addShutdownHook(new Thread(() ->
          System.out.println("  " + tenant + "'s shutdown hook ran, inside " + Isolates.current())));
      return "driver " + DriverManager.getDriver(URL).getClass().getName() + " from "
          + DriverManager.getDriver(URL).getClass().getClassLoader();
    }

    static int order(String item) throws SQLException {
      try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
        statement.execute("INSERT INTO orders VALUES ('" + item + "')");
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
          count.next();
          return count.getInt(1);
        }
      }
    }

    static void stopAudit() {
      audit.cancel();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    Isolate tenantA = Isolates.create(IsolateConfig.builder().name("tenant-a").build());
    Isolate tenantB = Isolates.create(IsolateConfig.builder().name("tenant-b").build());
    System.out.println("tenant-a: " + tenantA.call(Tenant::open, "tenant-a"));
    System.out.println("tenant-b: " + tenantB.call(Tenant::open, "tenant-b"));
    tenantA.call(Tenant::order, "books");
    System.out.println("tenant-a ordered twice: its 'orders' holds " + tenantA.call(Tenant::order, "pens") + " rows");
    System.out.println("tenant-b ordered once:  its 'orders' holds " + tenantB.call(Tenant::order, "tea") + " row");

    try {
      tenantA.close();
    } catch (IsolateException running) {
      System.out.println("closing tenant-a is refused: " + running.getMessage());
    }
    tenantA.call(Tenant::stopAudit);
    while (tenantA.isRunning()) {
      Thread.sleep(1); // the timer thread ends once it sees the cancel
    }
    System.out.println("tenant-a stopped its timer and closes:");
    tenantA.close();
    System.out.println("tenant-b is terminated, which cancels its timer:");
    tenantB.terminate(Duration.ofSeconds(5));
    System.out.println("isolates left: " + Isolates.listAll().size() + " (main)");
  }
}
