package dev.isolates.impl;

import dev.isolates.IsolatedBiConsumer;
import dev.isolates.IsolatedBiFunction;
import dev.isolates.IsolatedCallable;
import dev.isolates.IsolatedConsumer;
import dev.isolates.IsolatedFunction;
import dev.isolates.IsolatedHexaConsumer;
import dev.isolates.IsolatedHexaFunction;
import dev.isolates.IsolatedPentaConsumer;
import dev.isolates.IsolatedPentaFunction;
import dev.isolates.IsolatedQuadConsumer;
import dev.isolates.IsolatedQuadFunction;
import dev.isolates.IsolatedRunnable;
import dev.isolates.IsolatedTriConsumer;
import dev.isolates.IsolatedTriFunction;
import java.util.concurrent.Callable;

/**
 * The functional interfaces a task may implement: how many arguments it takes, whether its result is returned,
 * and how to call a task object that is not a lambda (a lambda is called through its resolved implementation
 * method instead; see {@link TaskResolver}).
 */
@SuppressWarnings("unchecked")
enum TaskForm {
  CALLABLE(0, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedCallable<Object>) task).call();
    }
  },
  FUNCTION(1, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedFunction<Object, Object>) task).apply(args[0]);
    }
  },
  BI_FUNCTION(2, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedBiFunction<Object, Object, Object>) task).apply(args[0], args[1]);
    }
  },
  TRI_FUNCTION(3, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedTriFunction<Object, Object, Object, Object>) task).apply(args[0], args[1], args[2]);
    }
  },
  QUAD_FUNCTION(4, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedQuadFunction<Object, Object, Object, Object, Object>) task)
          .apply(args[0], args[1], args[2], args[3]);
    }
  },
  PENTA_FUNCTION(5, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedPentaFunction<Object, Object, Object, Object, Object, Object>) task)
          .apply(args[0], args[1], args[2], args[3], args[4]);
    }
  },
  HEXA_FUNCTION(6, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((IsolatedHexaFunction<Object, Object, Object, Object, Object, Object, Object>) task)
          .apply(args[0], args[1], args[2], args[3], args[4], args[5]);
    }
  },
  RUNNABLE(0, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedRunnable) task).run();
      return null;
    }
  },
  CONSUMER(1, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedConsumer<Object>) task).accept(args[0]);
      return null;
    }
  },
  BI_CONSUMER(2, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedBiConsumer<Object, Object>) task).accept(args[0], args[1]);
      return null;
    }
  },
  TRI_CONSUMER(3, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedTriConsumer<Object, Object, Object>) task).accept(args[0], args[1], args[2]);
      return null;
    }
  },
  QUAD_CONSUMER(4, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedQuadConsumer<Object, Object, Object, Object>) task).accept(args[0], args[1], args[2], args[3]);
      return null;
    }
  },
  PENTA_CONSUMER(5, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedPentaConsumer<Object, Object, Object, Object, Object>) task)
          .accept(args[0], args[1], args[2], args[3], args[4]);
      return null;
    }
  },
  HEXA_CONSUMER(6, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((IsolatedHexaConsumer<Object, Object, Object, Object, Object, Object>) task)
          .accept(args[0], args[1], args[2], args[3], args[4], args[5]);
      return null;
    }
  },
  /** A serializable {@link Callable} handed to {@link dev.isolates.IsolatePoolExecutor}. */
  JDK_CALLABLE(0, true) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      return ((Callable<Object>) task).call();
    }
  },
  /** A serializable {@link Runnable} handed to {@link dev.isolates.IsolatePoolExecutor}. */
  JDK_RUNNABLE(0, false) {
    @Override
    Object invoke(Object task, Object[] args) throws Exception {
      ((Runnable) task).run();
      return null;
    }
  };

  final int arity;
  final boolean returnsResult;

  TaskForm(int arity, boolean returnsResult) {
    this.arity = arity;
    this.returnsResult = returnsResult;
  }

  /** Calls a task object of this form directly, with its arguments. */
  abstract Object invoke(Object task, Object[] args) throws Exception;

  /** The form of a task handed to the pool, which accepts JDK interfaces as well as ours. */
  static TaskForm ofPoolTask(Object task) {
    if (task instanceof IsolatedCallable) {
      return CALLABLE;
    }
    if (task instanceof Callable) {
      return JDK_CALLABLE;
    }
    if (task instanceof IsolatedRunnable) {
      return RUNNABLE;
    }
    if (task instanceof Runnable) {
      return JDK_RUNNABLE;
    }
    throw new IllegalArgumentException("a pool task must be a Callable or a Runnable, but was "
        + task.getClass().getName());
  }
}
