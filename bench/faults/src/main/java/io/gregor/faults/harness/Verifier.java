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
 * with the {@link AckLog}. The read is bounded; if it cannot finish, the verdict says so.
 */
final class Verifier {
    private static final Duration READ_BOUND = Duration.ofMinutes(5);

    private final String bootstrap;
    private final String topic;
    private final int partitions;

    Verifier(String bootstrap, String topic, int partitions) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
    }

    Verdict verify(AckLog acks) {
        Map<Integer, List<long[]>> read = new HashMap<>();   // partition -> (offset, seq, leader epoch) in log order
        long malformed = 0;
        String incomplete = "";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "faults-verifier");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
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
            long deadline = RunClock.now() + READ_BOUND.toNanos();
            while (!caughtUp(consumer, end)) {
                if (RunClock.now() > deadline) {
                    incomplete = "read did not reach the high watermarks " + end + " within " + READ_BOUND.toMinutes() + " min";
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
        } catch (RuntimeException e) {
            incomplete = "read failed: " + e;
        }
        return compare(acks, read, malformed, incomplete);
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
    private static long parseSeq(ConsumerRecord<String, String> record) {
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

    private Verdict compare(AckLog acks, Map<Integer, List<long[]>> read, long malformed, String incomplete) {
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
                malformed, incomplete.isEmpty(), incomplete, lostExamples, epochs);
    }

    /** The leader epoch each sequence number was first written in (-1: not read). */
    private static int[] leaderEpochBySeq(List<long[]> read) {
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
