package dev.isolates.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table's formatting, with made-up figures: no benchmark runs here. */
class ReportTest {

  @Test
  void formatsUnitsWithThreeSignificantDigits() {
    assertThat(Units.time(33)).isEqualTo("33.0 ns");
    assertThat(Units.time(412_345)).isEqualTo("412 us");
    assertThat(Units.time(1_234_567)).isEqualTo("1.23 ms");
    assertThat(Units.rate(5_100_000)).isEqualTo("5.10 M/s");
    assertThat(Units.rate(23_500)).isEqualTo("23.5 k/s");
    assertThat(Units.kibibytes(12.3 * 1024)).isEqualTo("12.3 KiB");
    assertThat(Units.ratio(0.5)).isEqualTo("0.50x");
    assertThat(Units.format(Figure.Kind.THROUGHPUT, Double.NaN)).isEqualTo("-");
  }

  @Test
  void mainTableShowsRatioTargetAndWhetherItIsMet() {
    List<Row> rows = List.of(
        new Row("1", "create", Figure.Kind.LATENCY, "ours.create", "plain", "base.create", Target.atMost(500_000)),
        new Row("4", "queue", Figure.Kind.THROUGHPUT, "ours.queue", "abq", "base.queue", Target.atLeast(5e6)));
    Map<String, Figure> figures = Map.of(
        "ours.create", Figure.latency(400_000, 1_200_000),
        "base.create", Figure.latency(200_000, 300_000),
        "ours.queue", Figure.throughput(2e6),
        "base.queue", Figure.throughput(8e6));

    String table = Report.mainTable(rows, figures);

    assertThat(table.lines()).hasSize(4);
    assertThat(table.lines().skip(2).findFirst().orElseThrow())
        .matches("1\\s+create\\s+400 us\\s+1.20 ms\\s+plain\\s+200 us\\s+300 us\\s+2.00x\\s+lower\\s+<= 500 us\\s+yes");
    assertThat(table.lines().skip(3).findFirst().orElseThrow())
        .matches("4\\s+queue\\s+2.00 M/s\\s+-\\s+abq\\s+8.00 M/s\\s+-\\s+0.25x\\s+higher\\s+>= 5.00 M/s\\s+NO");
    assertThat(Report.isComplete(rows, figures)).isTrue();
  }

  @Test
  void ratioTargets_compareOursToTheBaselineOfTheSameRun() {
    List<Row> rows = List.of(
        new Row("9", "poll", Figure.Kind.LATENCY, "ours.rtt", "raw", "base.rtt", Target.ratioAtMost(2)));
    Map<String, Figure> figures = Map.of("ours.rtt", Figure.latency(700, 900), "base.rtt", Figure.latency(400, 500));

    String line = Report.mainTable(rows, figures).lines().skip(2).findFirst().orElseThrow();

    assertThat(line).matches("9\\s+poll\\s+700 ns\\s+900 ns\\s+raw\\s+400 ns\\s+500 ns\\s+1.75x\\s+lower"
        + "\\s+<= 2.00x base\\s+yes");
  }

  @Test
  void missingFiguresPrintAsNotAvailable() {
    List<Row> rows = List.of(
        new Row("2", "call", Figure.Kind.LATENCY, "ours.call", "mh", "base.call", Target.atMost(300)));
    Map<String, Figure> figures = Map.of("base.call", Figure.latency(2, 3));

    String line = Report.mainTable(rows, figures).lines().skip(2).findFirst().orElseThrow();

    assertThat(line).matches("2\\s+call\\s+n/a\\s+n/a\\s+mh\\s+2.00 ns\\s+3.00 ns\\s+n/a\\s+lower\\s+<= 300 ns\\s+n/a");
    assertThat(Report.isComplete(rows, figures)).isFalse();
  }

  @Test
  void referenceTableJoinsOurFiguresWithTheirLabels() {
    List<ReferenceRow> rows = List.of(new ReferenceRow("ping-pong", "1.53 us spinning", List.of(
        new ReferenceRow.Part("spin", "spinning"), new ReferenceRow.Part("block", "blocking"))));
    Map<String, Figure> figures = Map.of("spin", Figure.latency(900, 2000), "block", Figure.latency(4_500, 9_000));

    String table = Report.referenceTable(rows, figures);

    assertThat(table).contains("900 ns spinning, 4.50 us blocking");
  }

  @Test
  void jmhScoreUnitsBecomeNanosecondsOrItemsPerSecond() {
    Figure latency = JmhFigures.figure("us/op", 1.5, 4);
    assertThat(latency.median()).isEqualTo(1_500);
    assertThat(latency.p99()).isEqualTo(4_000);

    Figure throughput = JmhFigures.figure("ops/ms", 2_000, Double.NaN);
    assertThat(throughput.kind()).isEqualTo(Figure.Kind.THROUGHPUT);
    assertThat(throughput.median()).isEqualTo(2e6);
    assertThat(throughput.p99()).isNaN();
  }

  @Test
  void quickModeAndFilterAreReadFromTheArguments() {
    assertThat(RunSettings.parse().name()).isEqualTo("full");
    RunSettings quick = RunSettings.parse("quick", "PingPong");
    assertThat(quick.name()).isEqualTo("quick");
    assertThat(quick.filter()).isEqualTo("PingPong");
    assertThat(quick.measuresMemory()).isFalse();
    assertThat(RunSettings.parse("").measuresMemory()).isTrue();
  }
}
