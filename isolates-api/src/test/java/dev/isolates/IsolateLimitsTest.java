package dev.isolates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IsolateLimitsTest {

  @Test
  void badValues_failAtOnce_namingTheLimitAndTheValue() {
    assertThatThrownBy(() -> IsolateLimits.builder().callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeout must be positive, but was PT0S");
    assertThatThrownBy(() -> IsolateLimits.builder().callTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("callTimeout must be positive, but was PT-1S");
    assertThatThrownBy(() -> IsolateLimits.builder().callAllocatedBytes(-5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("callAllocatedBytes must be positive, but was -5");
    assertThatThrownBy(() -> IsolateLimits.builder().cpuTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cpuTime must be positive, but was PT0S");
    assertThatThrownBy(() -> IsolateLimits.builder().threads(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be positive, but was 0");
    assertThatThrownBy(() -> IsolateLimits.builder().callTimeout(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> IsolateLimits.builder().threads(2).threads(3))
        .isInstanceOf(IllegalStateException.class).hasMessage("threads was already set to 2");
  }

  @Test
  void limits_readBackAsSet_andDescribeThemselves() {
    IsolateLimits limits = IsolateLimits.builder().callTimeout(Duration.ofSeconds(2)).callAllocatedBytes(1024)
        .cpuTime(Duration.ofMinutes(1)).threads(4).build();
    assertThat(limits.callTimeout()).contains(Duration.ofSeconds(2));
    assertThat(limits.callAllocatedBytes()).hasValue(1024);
    assertThat(limits.cpuTime()).contains(Duration.ofMinutes(1));
    assertThat(limits.threads()).hasValue(4);
    assertThat(limits).hasToString(
        "IsolateLimits{callTimeout=PT2S, callAllocatedBytes=1024, cpuTime=PT1M, threads=4}");
    assertThat(IsolateLimits.none()).hasToString("IsolateLimits{none}");
    assertThat(IsolateLimits.none().limitsAnything()).isFalse();
  }

  @Test
  void accounting_isOnWhenAskedFor_orWhenACpuOrAllocationLimitNeedsIt() {
    assertThat(IsolateConfig.defaults().accounting()).isFalse();
    assertThat(IsolateConfig.builder().accounting(true).build().accounting()).isTrue();
    assertThat(IsolateConfig.builder().limits(IsolateLimits.builder().cpuTime(Duration.ofSeconds(1)).build())
        .build().accounting()).isTrue();
    assertThat(IsolateConfig.builder().limits(IsolateLimits.builder().threads(2).build()).build().accounting())
        .isFalse();
    assertThatThrownBy(() -> IsolateConfig.builder().accounting(true).accounting(false))
        .isInstanceOf(IllegalStateException.class).hasMessage("accounting was already set to true");
  }
}
