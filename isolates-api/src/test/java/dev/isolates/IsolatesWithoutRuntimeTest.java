package dev.isolates;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** This module's tests run without isolates-impl, as a user who forgot the dependency would. */
class IsolatesWithoutRuntimeTest {

  @Test
  void everyCall_namesTheMissingDependency() {
    assertThatThrownBy(Isolates::create)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no isolates runtime found")
        .hasMessageContaining("add the dependency dev.isolates:isolates-impl");
    assertThatThrownBy(Isolates::listAll).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(Isolates::createQueue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pool_cannotBeCreated_namingTheMissingDependency() {
    assertThatThrownBy(() -> new IsolatePoolExecutor(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("add the dependency dev.isolates:isolates-impl");
  }
}
