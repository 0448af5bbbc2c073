package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka's exactly-once copy test (its system test {@code transactions_test.py}, hard bounces) on
 * three broker JVMs: Kafka 3.9.1's own {@code TransactionalMessageCopier}, one per input partition,
 * copies an input topic (fed meanwhile by an idempotent producer) to an output topic in
 * transactions, while the test kills -9 and restarts, in turn, the leader of an input partition,
 * the leader of an output partition and the transaction coordinator of a copier. A read_committed
 * consumer of the output then reads every input record exactly once, in the input's order.
 */
class ExactlyOnceCopyAcceptanceTest {
    private static final String INPUT = "copy-input";
    private static final String OUTPUT = "copy-output";
    private static final String GROUP = "transactions-test-consumer-group";
    private static final int INPUT_PARTITIONS = 2;
    private static final int OUTPUT_PARTITIONS = 3;
    private static final Duration COPY_WAIT = Duration.ofSeconds(120);

    private ThreeBrokers brokers;

    @BeforeEach
    void startCluster() throws Exception {
        brokers = ThreeBrokers.startWithReplicatedTransactionLog();
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (brokers != null) {
            brokers.close();
        }
    }

    @Test
    void everyInputRecordIsCopiedExactlyOnceWhileAnInputLeaderAnOutputLeaderAndTheCoordinatorAreKilled()
            throws Exception {
        brokers.createTopic(INPUT, INPUT_PARTITIONS, Map.of("min.insync.replicas", "2"));
        brokers.createTopic(OUTPUT, OUTPUT_PARTITIONS, Map.of("min.insync.replicas", "2"));
        List<TransactionalCopier> copiers = new ArrayList<>();
        int inputRecords;
        try (Seeder seeder = new Seeder(brokers.bootstrap())) {
            seeder.awaitSent(500);
            for (int p = 0; p < INPUT_PARTITIONS; p++) {
                // one copier passes the consumer's group metadata, the other only the group id, as both do in Kafka's matrix
                copiers.add(new TransactionalCopier(brokers::bootstrap, brokers.cluster().workDir(), INPUT, p, OUTPUT,
                        "copier-" + p, GROUP, 100, p == 0));
            }
            awaitCopyProgress(copiers);
            bounce("the leader of " + INPUT + "-0", brokers.state(INPUT, 0).orElseThrow().leader(), copiers);
            bounce("the leader of " + OUTPUT + "-1", brokers.state(OUTPUT, 1).orElseThrow().leader(), copiers);
            bounce("the transaction coordinator of copier-0", coordinatorOf("copier-0"), copiers);
            seeder.close();
            inputRecords = seeder.sent();
            awaitAllCopied(copiers);
        } finally {
            for (TransactionalCopier copier : copiers) {
                copier.close();
            }
        }

        Map<Integer, List<String>> input = byPartition(ApacheClients.readAll(brokers.bootstrap(), INPUT, INPUT_PARTITIONS,
                inputRecords));
        assertEquals(inputRecords, input.values().stream().mapToInt(List::size).sum(), "input records");
        Map<Integer, List<String>> output = byPartition(ApacheClients.readAll(brokers.bootstrap(),
                Map.of("isolation.level", "read_committed"), OUTPUT, OUTPUT_PARTITIONS,
                inputRecords));
        for (int p = 0; p < INPUT_PARTITIONS; p++) {
            List<String> in = input.getOrDefault(p, List.of());
            List<String> out = output.getOrDefault(p, List.of());
            assertTrue(in.size() > 1000, "input partition " + p + " holds only " + in.size() + " records");
            assertEquals(in.size(), out.size(), "partition " + p + ": " + in.size() + " input records, "
                    + out.size() + " committed in the output (" + out.stream().distinct().count() + " distinct)");
            assertEquals(in, out, "partition " + p + ": the output holds every input record once, in order");
        }
        assertEquals(List.of(), output.getOrDefault(2, List.of()), "the copier writes to the input record's partition");
    }

    /** Kills -9 {@code victim}, waits for new leaders, restarts it, waits for full ISRs, and for the copiers to progress. */
    private void bounce(String what, int victim, List<TransactionalCopier> copiers) throws Exception {
        assertTrue(victim >= 0, what + " is unknown");
        brokers.broker(victim).kill();
        Awaitility.await("leaders other than broker " + victim + " (" + what + ")").atMost(ThreeBrokers.WAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> IntStream.range(0, OUTPUT_PARTITIONS)
                        .allMatch(p -> brokers.state(OUTPUT, p).filter(s -> s.leader() >= 0 && s.leader() != victim)
                                .isPresent()));
        brokers.start(victim);
        brokers.awaitLeaders(INPUT, INPUT_PARTITIONS);
        brokers.awaitLeaders(OUTPUT, OUTPUT_PARTITIONS);
        awaitCopyProgress(copiers);
    }

    private int coordinatorOf(String transactionalId) throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(30, TimeUnit.SECONDS).coordinatorId();
        }
    }

    /** Waits until every copier has committed at least 300 more input offsets than now. */
    private void awaitCopyProgress(List<TransactionalCopier> copiers) {
        Map<TopicPartition, Long> before = committedOffsets();
        await("every copier commits 300 more records", copiers, () -> {
            Map<TopicPartition, Long> now = committedOffsets();
            return IntStream.range(0, INPUT_PARTITIONS).mapToObj(p -> new TopicPartition(INPUT, p))
                    .allMatch(tp -> now.getOrDefault(tp, 0L) >= before.getOrDefault(tp, 0L) + 300);
        });
    }

    /** Waits until the group's committed offsets reach the end of every input partition. */
    private void awaitAllCopied(List<TransactionalCopier> copiers) throws Exception {
        Map<TopicPartition, Long> ends;
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            ends = admin.listOffsets(IntStream.range(0, INPUT_PARTITIONS).boxed().collect(Collectors.toMap(
                    p -> new TopicPartition(INPUT, p), p -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
        await("the copiers reach the input's end offsets " + ends, copiers, () -> {
            Map<TopicPartition, Long> now = committedOffsets();
            return ends.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), -1L).equals(e.getValue()));
        });
    }

    private void await(String what, List<TransactionalCopier> copiers, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(COPY_WAIT).pollInterval(Duration.ofMillis(250)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder detail = new StringBuilder(e.getMessage()).append("; committed ").append(committedOffsets())
                    .append("; ").append(brokers.diagnose("exactly-once-copy", OUTPUT, OUTPUT_PARTITIONS));
            for (TransactionalCopier copier : copiers) {
                detail.append("\n--- ").append(copier.transactionalId()).append(": ").append(copier.runs())
                        .append(" runs, ").append(copier.failedRuns()).append(" failed ---\n").append(copier.outputTail());
            }
            throw new AssertionError(detail.toString(), e);
        }
    }

    /** The copiers' committed offsets of the input partitions (empty while the brokers cannot answer). */
    private Map<TopicPartition, Long> committedOffsets() {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    result.put(tp, o.offset());
                }
            });
            return result;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Map<Integer, List<String>> byPartition(List<ConsumerRecord<String, String>> records) {
        Map<Integer, List<String>> result = new TreeMap<>();
        records.forEach(r -> result.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.value()));
        return result;
    }

    /**
     * The input's producer: idempotent, acks=all, a unique number per record round-robin over the
     * input partitions, paced to about 500 records a second, until closed.
     */
    private static final class Seeder implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicReference<Exception> error = new AtomicReference<>();
        private final Thread thread;

        Seeder(String bootstrap) {
            producer = ApacheClients.producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.METADATA_MAX_AGE_CONFIG, 2000,
                    ProducerConfig.LINGER_MS_CONFIG, 5));
            thread = new Thread(this::run, "exactly-once-copy-seeder");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            for (int seq = 0; running.get(); seq++) {
                producer.send(new ProducerRecord<>(INPUT, seq % INPUT_PARTITIONS, null, Integer.toString(seq)),
                        (metadata, e) -> {
                            if (e != null) {
                                error.compareAndSet(null, e);
                            }
                        });
                sent.incrementAndGet();
                if (seq % 10 == 9) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // pacing, ~500 records/s
                }
            }
        }

        int sent() {
            return sent.get();
        }

        void awaitSent(int records) {
            Awaitility.await(records + " input records sent").atMost(ThreeBrokers.WAIT)
                    .until(() -> sent.get() >= records);
        }

        @Override
        public void close() throws InterruptedException {
            if (running.getAndSet(false)) {
                thread.join(30_000);
                producer.flush();
                producer.close();
                assertEquals(null, error.get(), "the input producer failed");
            }
        }
    }
}
