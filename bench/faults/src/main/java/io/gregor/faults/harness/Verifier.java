package io.gregor.faults.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The verifying consumer: after the workload stopped, reads every partition of the topic from
 * the beginning up to its high watermark (the Apache consumer, no group) and compares what it read
 * with the {@link AckLog}; for the transactional workload it reads read_committed up to the last
 * stable offset and leaves the judgement to {@link TxnVerifier}. The read is bounded; if it cannot
 * finish, the verdict says so.
 */
final class Verifier {
    private static final Duration READ_BOUND = Duration.ofMinutes(5);
    /** How long a read_committed read waits for every transaction to end (twice the workload's transaction.timeout.ms, and more). */
    static final Duration STABLE_BOUND = Duration.ofMinutes(3);

    private final String bootstrap;
    private final String topic;
    private final int partitions;

    Verifier(String bootstrap, String topic, int partitions) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
    }

    /**
     * What a verifying read found: per partition, (offset, sequence number, leader epoch) of every
     * record in log order; how many values the harness did not write; why the read is incomplete
     * (empty: it reached the end of every partition).
     */
    record Read(Map<Integer, List<long[]>> records, long malformed, String incomplete) {
    }

    Verdict verify(AckLog acks) {
        Read read = read(false);
        return compare(acks, partitions, read);
    }

    /**
     * Reads every partition from the beginning to its end: the high watermark, or with
     * {@code readCommitted} the last stable offset, read_committed (which returns only committed
     * transactional data). A read_committed read first waits (bounded) for the last stable offset to
     * reach the high watermark, i.e. for every transaction to be ended, so that it reads all there is.
     */
    Read read(boolean readCommitted) {
        Map<Integer, List<long[]>> read = new HashMap<>();
        long malformed = 0;
        String incomplete = "";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "faults-verifier");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
                read.put(p, new ArrayList<>());
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(60));
            if (readCommitted) {
                end = awaitStable(tps, end);
            }
            long deadline = RunClock.now() + READ_BOUND.toNanos();
            while (!caughtUp(consumer, end)) {
                if (RunClock.now() > deadline) {
                    incomplete = "read did not reach the ends " + end + " within " + READ_BOUND.toMinutes() + " min";
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    long seq = parseSeq(record);
                    if (seq < 0) {
                        malformed++;
                    } else {
                        read.get(record.partition()).add(new long[] {record.offset(), seq, record.leaderEpoch().orElse(-1)});
                    }
                }
            }
        } catch (StableOffsetLagging e) {
            incomplete = e.getMessage();
        } catch (RuntimeException e) {
            incomplete = "read failed: " + e;
        }
        return new Read(read, malformed, incomplete);
    }

    /** The last stable offset stayed below the high watermark: a transaction was left open. */
    private static final class StableOffsetLagging extends RuntimeException {
        StableOffsetLagging(String message) {
            super(message);
        }
    }

    /**
     * Polls (bounded by {@link #STABLE_BOUND}) until every partition's last stable offset equals its
     * high watermark, and returns those ends; throws if a transaction stays open past the bound.
     */
    private Map<TopicPartition, Long> awaitStable(List<TopicPartition> tps, Map<TopicPartition, Long> stable) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "faults-verifier-hw");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> uncommitted = new KafkaConsumer<>(props);
             KafkaConsumer<String, String> committed = new KafkaConsumer<>(withCommitted(props))) {
            long deadline = RunClock.now() + STABLE_BOUND.toNanos();
            while (true) {
                Map<TopicPartition, Long> highWatermarks = uncommitted.endOffsets(tps, Duration.ofSeconds(60));
                Map<TopicPartition, Long> lastStable = committed.endOffsets(tps, Duration.ofSeconds(60));
                if (lastStable.equals(highWatermarks)) {
                    return lastStable;
                }
                if (RunClock.now() > deadline) {
                    throw new StableOffsetLagging("a transaction stayed open after the workload ended: last stable offsets "
                            + lastStable + " below the high watermarks " + highWatermarks + " for "
                            + STABLE_BOUND.toSeconds() + " s");
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StableOffsetLagging("interrupted while waiting for the last stable offsets");
                }
            }
        }
    }

    private static Properties withCommitted(Properties props) {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return copy;
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The sequence number of a "partition:seq" value written to this partition, or -1. */
    static long parseSeq(ConsumerRecord<String, String> record) {
        String value = record.value();
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon < 0) {
            return -1;
        }
        try {
            int partition = Integer.parseInt(value.substring(0, colon));
            long seq = Long.parseLong(value.substring(colon + 1));
            return partition == record.partition() && seq >= 0 ? seq : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Verdict compare(AckLog acks, int partitions, Read result) {
        Map<Integer, List<long[]>> read = result.records();
        long acknowledged = 0;
        long readCount = 0;
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        long mismatches = 0;
        long unacknowledgedRead = 0;
        List<Verdict.LostRecord> lostExamples = new ArrayList<>();
        List<int[]> epochs = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            epochs.add(leaderEpochBySeq(read.get(p)));
            List<AckLog.Ack> acked = acks.acks(p);
            Map<Long, AckLog.Ack> ackedBySeq = new HashMap<>();
            for (AckLog.Ack ack : acked) {
                ackedBySeq.put(ack.seq(), ack);
            }
            acknowledged += ackedBySeq.size();
            Map<Long, Integer> copies = new HashMap<>();
            Map<Long, Long> seqAtOffset = new HashMap<>();
            long highestAckedSeen = -1;
            for (long[] offsetAndSeq : read.get(p)) {
                long seq = offsetAndSeq[1];
                readCount++;
                seqAtOffset.put(offsetAndSeq[0], seq);
                int n = copies.merge(seq, 1, Integer::sum);
                if (n > 1) {
                    duplicated++;
                    continue;
                }
                if (!ackedBySeq.containsKey(seq)) {
                    unacknowledgedRead++;
                    continue;
                }
                if (seq < highestAckedSeen) {
                    reordered++;
                }
                highestAckedSeen = Math.max(highestAckedSeen, seq);
            }
            for (AckLog.Ack ack : ackedBySeq.values()) {
                if (!copies.containsKey(ack.seq())) {
                    lost++;
                    if (lostExamples.size() < 1000) {
                        lostExamples.add(new Verdict.LostRecord(p, ack.seq(), ack.offset(), ack.nanos()));
                    }
                }
                Long atOffset = seqAtOffset.get(ack.offset());
                if (atOffset == null || atOffset != ack.seq()) {
                    mismatches++;
                }
            }
        }
        return new Verdict(acknowledged, readCount, lost, duplicated, reordered, mismatches, unacknowledgedRead,
                result.malformed(), result.incomplete().isEmpty(), result.incomplete(), lostExamples, epochs);
    }

    /** The leader epoch each sequence number was first written in (-1: not read). */
    static int[] leaderEpochBySeq(List<long[]> read) {
        long maxSeq = read.stream().mapToLong(r -> r[1]).max().orElse(-1);
        int[] epochs = new int[(int) (maxSeq + 1)];
        java.util.Arrays.fill(epochs, -1);
        for (long[] r : read) {
            if (epochs[(int) r[1]] < 0) {
                epochs[(int) r[1]] = (int) r[2];
            }
        }
        return epochs;
    }
}
