package dev.isolates.examples.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A task class of realistic size, about 4 KB of class file: a record, an exception and some twenty methods, as
 * application classes have. Creating an isolate and making its first call defines it (and what its verification
 * loads); the lifecycle benchmark compares that with a plain class loader defining the same class.
 */
final class BigTask {
  record Order(String item, int quantity, long price) {}

  static final class RejectedOrder extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedOrder(String message) {
      super(message);
    }
  }

  private BigTask() {}

  /** The entry point of the benchmark: totals two orders. */
  static long total(int quantity, int price) {
    List<Order> orders = new ArrayList<>();
    orders.add(new Order("books", quantity, price));
    orders.add(new Order("pens", quantity * 2, price / 2));
    long sum = 0;
    for (Order order : orders) {
      sum += lineTotal(order);
    }
    return sum;
  }

  static long lineTotal(Order order) {
    return order.quantity() * order.price();
  }

  static Order validate(Order order) throws RejectedOrder {
    if (order.quantity() <= 0) {
      throw new RejectedOrder("no quantity: " + order);
    }
    return order;
  }

  static long discount(long total, int percent) {
    return total - total * percent / 100;
  }

  static long tax(long total) {
    return total * 20 / 100;
  }

  static String label(Order order) {
    return order.item() + " x" + order.quantity();
  }

  static long shipping(int items) {
    return items > 10 ? 0 : 500;
  }

  static boolean isBulk(Order order) {
    return order.quantity() >= 100;
  }

  static long round(long cents) {
    return (cents + 50) / 100 * 100;
  }

  static int items(List<Order> orders) {
    int count = 0;
    for (Order order : orders) {
      count += order.quantity();
    }
    return count;
  }

  static Order cheaper(Order a, Order b) {
    return a.price() <= b.price() ? a : b;
  }

  static String describe(List<Order> orders) {
    StringBuilder text = new StringBuilder();
    for (Order order : orders) {
      text.append(label(order)).append(", ");
    }
    return text.toString();
  }

  static long max(List<Order> orders) {
    long max = 0;
    for (Order order : orders) {
      max = Math.max(max, lineTotal(order));
    }
    return max;
  }

  static long min(List<Order> orders) {
    long min = Long.MAX_VALUE;
    for (Order order : orders) {
      min = Math.min(min, lineTotal(order));
    }
    return min;
  }

  static double average(List<Order> orders) {
    return orders.isEmpty() ? 0 : (double) items(orders) / orders.size();
  }

  static Order scaled(Order order, int factor) {
    return new Order(order.item(), order.quantity() * factor, order.price());
  }

  static boolean sameItem(Order a, Order b) {
    return a.item().equals(b.item());
  }

  static long fee(long total) {
    return Math.max(100, total / 1000);
  }

  static long grandTotal(List<Order> orders) {
    long sum = 0;
    for (Order order : orders) {
      sum += lineTotal(order);
    }
    return round(sum + tax(sum) + shipping(items(orders)) + fee(sum));
  }
}
