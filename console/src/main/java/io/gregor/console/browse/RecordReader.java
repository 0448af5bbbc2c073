package io.gregor.console.browse;

import io.gregor.clients.consumer.ByteArrayDeserializer;
import io.gregor.clients.consumer.ConsumerRecord;
import io.gregor.clients.consumer.GregorConsumer;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import io.gregor.console.ClusterAccess;
import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads up to {@code count} records of one partition from an offset with Gregor's own consumer, assigned
 * to the partition and seeked (no group: nothing is committed, no group is created), as the console's
 * principal ({@code --command-config}). The read is bounded: it stops at {@code count} records, when the
 * consumer's position reaches the end offset the page looked up, or after {@link #PATIENCE}. One consumer
 * per read, closed before returning (the console is read by people, not by programs).
 */
final class RecordReader {
    /** How long one page waits for records. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private final ConsoleOptions options;

    RecordReader(ConsoleOptions options) {
        this.options = options;
    }

    /** Records of {@code tp} from offset {@code from}, at most {@code count}, reading no further than {@code end}. */
    List<ConsumerRecord<byte[], byte[]>> read(TopicPartition tp, long from, long end, int count) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        if (from >= end || count <= 0) {
            return out;
        }
        Map<String, Object> props = new HashMap<>(options.clientProperties());
        props.put("bootstrap.servers", options.bootstrapServer());
        props.put("client.id", "gregor-console-messages");
        props.put("max.poll.records", count);
        props.put("fetch.max.wait.ms", 200);
        props.put("enable.auto.commit", false);
        // never jump elsewhere silently: a position out of range (retention deleted it meanwhile) is said as such
        props.put("auto.offset.reset", "none");
        props.remove("group.id");
        try (GregorConsumer<byte[], byte[]> consumer = new GregorConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                var polled = consumer.poll(Duration.ofMillis(250)).records(tp);
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (out.size() < count && r.offset() < end) {
                        out.add(r);
                    }
                }
                // past the end the page looked up (gaps: compaction, transaction markers): nothing more to show
                if (consumer.position(tp) >= end) {
                    break;
                }
            }
        } catch (GregorApiException e) {
            if (e.error() == Errors.OFFSET_OUT_OF_RANGE) {
                throw new ConsoleError(409, "Offset out of range", "Offset " + from + " is no longer "
                        + "in the log of " + tp + " (the log start moved, e.g. by retention): look again.", e);
            }
            throw ClusterAccess.explain(e, "reading records of " + tp);
        }
        return out;
    }
}
