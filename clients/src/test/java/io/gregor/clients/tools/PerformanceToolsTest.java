package io.gregor.clients.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The perf tools without a broker: argument handling, the stats lines, the throttle. */
class PerformanceToolsTest {
    record Outcome(int code, String out, String err) {
    }

    private static Outcome run(Function<PrintStream[], Integer> tool) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.apply(new PrintStream[] {new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)});
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void producerPropsTakeSeveralValuesLikeKafkasArgparseOption() {
        String[] spread = ProducerPerformance.spreadMultiValued(new String[] {"--topic", "t", "--producer-props",
                "bootstrap.servers=h:1", "acks=all", "linger.ms=5", "--throughput", "-1"});
        assertArrayEquals(new String[] {"--topic", "t", "--producer-props", "bootstrap.servers=h:1", "--producer-props",
                "acks=all", "--producer-props", "linger.ms=5", "--throughput", "-1"}, spread);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--num-records 10 --throughput -1 --record-size 10 --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --throughput -1 --record-size 10 --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --record-size 10 --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --throughput -1 --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --throughput -1 --record-size 10 --payload-monotonic --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --throughput 0 --record-size 10 --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records ten --throughput -1 --record-size 10 --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --throughput -1 --record-size 10",
        "--topic t --num-records 10 --throughput -1 --record-size 10 --payload-file /nonexistent/payloads --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --throughput -1 --payload-file /nonexistent/payloads --producer-props bootstrap.servers=127.0.0.1:1",
        "--topic t --num-records 10 --throughput -1 --record-size 10 --producer-props bootstrap.servers=127.0.0.1:1 --no-such-flag",
    })
    void producerPerfTestRejectsBadFlagsWithUsageAndExitCode1(String args) {
        Outcome o = run(s -> ProducerPerformance.run(args.split(" "), s[0], s[1]));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("--record-size <record-size>"), o.err);
        assertEquals("", o.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--topic t --messages 10",
        "--bootstrap-server 127.0.0.1:1 --messages 10",
        "--bootstrap-server 127.0.0.1:1 --topic t",
        "--bootstrap-server 127.0.0.1:1 --topic t --messages many",
        "--bootstrap-server 127.0.0.1:1 --topic t --messages 10 --reporting-interval 0",
        "--bootstrap-server 127.0.0.1:1 --topic t --messages 10 --date-format yyyy-qq",
        "--bootstrap-server 127.0.0.1:1 --topic t --messages 10 --threads 3",
    })
    void consumerPerfTestRejectsBadFlagsWithUsageAndExitCode1(String args) {
        Outcome o = run(s -> ConsumerPerformance.run(args.split(" "), s[0], s[1]));
        assertEquals(1, o.code, o.err);
        assertTrue(o.err.contains("--messages <Long: count>"), o.err);
        assertEquals("", o.out);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Outcome p = run(s -> ProducerPerformance.run(new String[] {"--help"}, s[0], s[1]));
        assertEquals(0, p.code);
        assertTrue(p.out.contains("--producer-props <prop-name=prop-value>"), p.out);
        Outcome c = run(s -> ConsumerPerformance.run(new String[] {"--help"}, s[0], s[1]));
        assertEquals(0, c.code);
        assertTrue(c.out.contains("--show-detailed-stats"), c.out);
    }

    @Test
    void producerStatsPrintAWindowLineOncePerIntervalAndKafkasSummaryLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProducerStats stats = new ProducerStats(4, 1000, out);
        long t0 = System.currentTimeMillis();
        stats.record(0, 10, 100, t0 + 10);
        stats.record(1, 30, 100, t0 + 20);
        stats.record(2, 20, 100, t0 + 2000); // closes the first window: 3 records, max 30 ms
        stats.record(3, 1000, 100, t0 + 2100);
        stats.printTotal(t0 + 2100);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(Pattern.matches("3 records sent, [0-9.]+ records/sec \\([0-9.]+ MB/sec\\), 20\\.0 ms avg latency, 30\\.0 ms max latency\\.",
                lines[0]), lines[0]);
        assertTrue(Pattern.matches("4 records sent, [0-9]+\\.[0-9]{6} records/sec \\([0-9.]+ MB/sec\\), 265\\.00 ms avg latency, "
                + "1000\\.00 ms max latency, 20 ms 50th, 1000 ms 95th, 1000 ms 99th, 1000 ms 99\\.9th\\.", lines[1]), lines[1]);
    }

    @Test
    void percentileIsTheNearestRankOfTheSortedSamples() {
        int[] sorted = new int[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(500, ProducerStats.percentile(sorted, 0.5));
        assertEquals(990, ProducerStats.percentile(sorted, 0.99));
        assertEquals(999, ProducerStats.percentile(sorted, 0.999));
        assertEquals(0, ProducerStats.percentile(new int[0], 0.5));
    }

    @Test
    void throttleHoldsTheAverageRateDown() {
        Throttle throttle = new Throttle(2000);
        long start = System.nanoTime();
        for (int i = 0; i <= 200; i++) {
            throttle.pace(i);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 95, "200 operations at 2000/s took only " + elapsedMs + " ms");
        assertTrue(new Throttle(-1).unthrottled());
    }
}
