package dev.isolates.examples.bench;

/**
 * One line of the results table: one of our operations next to its baseline. Figures are found by key: a
 * benchmark's class and method ({@code CallBenchmarks.call}), with its parameters if it has any
 * ({@code QueueThroughputBenchmarks.isolateQueue:itemBytes=16}), or a name given to a non-JMH measurement.
 *
 * @param number the operation's number in the brief (1 to 9)
 * @param operation what we measure
 * @param kind what the figures measure, which sets their unit
 * @param ours the key of our figure
 * @param baselineName what the baseline does
 * @param baseline the key of the baseline's figure
 * @param target the goal for our median, or null if there is none
 */
record Row(String number, String operation, Figure.Kind kind, String ours, String baselineName, String baseline,
    Target target) {}
