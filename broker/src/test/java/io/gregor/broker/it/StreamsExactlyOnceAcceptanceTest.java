package io.gregor.broker.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams 3.9 (test scope) runs a word count with {@code processing.guarantee=exactly_once_v2}
 * (a repartition topic, a changelogged count store, transactional output) against three broker
 * JVMs while lines keep arriving; the broker coordinating the Streams producer's transactions is
 * killed -9 mid-run and restarted. With the record cache off every input word emits its new count,
 * so exactly-once shows in the output itself: read_committed, each word's counts are 1, 2, ..., n
 * with n its number of occurrences in the input; no count is missing, repeated or too high.
 */
class StreamsExactlyOnceAcceptanceTest {
    private static final String APPLICATION_ID = "gregor-wordcount-eos";
    private static final String INPUT = "streams-lines";
    private static final String OUTPUT = "streams-word-counts";
    private static final int PARTITIONS = 2;
    private static final List<String> WORDS = List.of("kafka", "gregor", "stream", "exactly", "once", "broker",
            "zookeeper", "transaction", "marker", "offset", "commit");
    private static final Duration WAIT = Duration.ofSeconds(120);

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
    void wordCountWithExactlyOnceV2CountsEveryWordExactlyOnceAcrossTheKillOfTheTransactionCoordinator()
            throws Exception {
        brokers.createTopic(INPUT, PARTITIONS, Map.of("min.insync.replicas", "2"));
        brokers.createTopic(OUTPUT, PARTITIONS, Map.of("min.insync.replicas", "2"));
        AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
        AtomicInteger replacedThreads = new AtomicInteger();
        Map<String, Integer> expected;
        try (KafkaStreams streams = new KafkaStreams(wordCount(), streamsConfig())) {
            streams.setUncaughtExceptionHandler(e -> {
                // as an application would: the thread is replaced, its tasks resume from the committed state
                streamsFailure.compareAndSet(null, e);
                replacedThreads.incrementAndGet();
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            streams.start();
            try (Lines lines = new Lines(brokers.bootstrap())) {
                awaitOutputs(200);
                int victim = transactionCoordinatorOfStreams();
                brokers.broker(victim).kill();
                Awaitility.await("leaders other than broker " + victim).atMost(ThreeBrokers.WAIT)
                        .pollInterval(Duration.ofMillis(100)).until(() -> IntStream.range(0, PARTITIONS)
                                .allMatch(p -> brokers.state(OUTPUT, p)
                                        .filter(s -> s.leader() >= 0 && s.leader() != victim).isPresent()));
                int atKill = countOutputs();
                brokers.start(victim);
                brokers.awaitLeaders(INPUT, PARTITIONS);
                brokers.awaitLeaders(OUTPUT, PARTITIONS);
                awaitOutputs(atKill + 200);
                lines.close();
                expected = lines.wordCounts();
            }
            int total = expected.values().stream().mapToInt(Integer::intValue).sum();
            try {
                Awaitility.await("every word counted").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                        .until(() -> countOutputs() >= total);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; " + countOutputs() + " of " + total + " counts; Streams "
                        + streams.state() + ", first thread failure " + streamsFailure.get() + "; "
                        + brokers.diagnose("streams-exactly-once", OUTPUT, PARTITIONS), e);
            }
        }

        Map<String, List<Long>> counts = committedCounts();
        for (String word : WORDS) {
            List<Long> expectedCounts = new ArrayList<>();
            for (long c = 1; c <= expected.getOrDefault(word, 0); c++) {
                expectedCounts.add(c);
            }
            assertEquals(expectedCounts, counts.getOrDefault(word, List.of()), "the committed counts of '" + word
                    + "' (thread failures " + replacedThreads.get() + ", first " + streamsFailure.get() + ")");
        }
        assertTrue(expected.values().stream().allMatch(n -> n > 20), "too few lines: " + expected);
    }

    private static org.apache.kafka.streams.Topology wordCount() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.asList(line.split(" ")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("word-counts-store"))
                .toStream()
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private Properties streamsConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, brokers.cluster().newDir("streams-state-").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3);
        props.put(StreamsConfig.topicPrefix("min.insync.replicas"), "2");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0); // every word emits its new count
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 2000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.METADATA_MAX_AGE_CONFIG), 2000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 20_000);
        return props;
    }

    private int transactionCoordinatorOfStreams() throws Exception {
        try (Admin admin = ApacheClients.admin(brokers.bootstrap())) {
            String id = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId).filter(t -> t.startsWith(APPLICATION_ID)).findFirst()
                    .orElseThrow(() -> new AssertionError("Streams has no transactional producer"));
            return admin.describeTransactions(List.of(id)).description(id).get(30, TimeUnit.SECONDS).coordinatorId();
        }
    }

    private void awaitOutputs(int atLeast) {
        Awaitility.await(atLeast + " counts in the output").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> countOutputs() >= atLeast);
    }

    /** How many counts the output holds, read_committed (its partitions' last stable offsets less the markers). */
    private int countOutputs() {
        return committedCounts().values().stream().mapToInt(List::size).sum();
    }

    /** Every count in the output, read_committed, per word in log order. */
    private Map<String, List<Long>> committedCounts() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        Map<String, List<Long>> counts = new TreeMap<>();
        try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(OUTPUT, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions); // the LSOs, read_committed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    counts.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            return Map.of(); // while a broker is down; the caller polls again
        }
        return counts;
    }

    /**
     * The input: an idempotent acks=all producer writes lines of three words chosen round the word
     * list, paced to about 200 lines a second, and counts the words it wrote.
     */
    private static final class Lines implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Integer> written = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicReference<Exception> error = new AtomicReference<>();
        private final Thread thread;

        Lines(String bootstrap) {
            producer = ApacheClients.producer(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, ProducerConfig.METADATA_MAX_AGE_CONFIG, 2000));
            thread = new Thread(this::run, "streams-lines");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            for (int i = 0; running.get(); i++) {
                List<String> words = List.of(WORDS.get(i % WORDS.size()), WORDS.get((i * 7 + 3) % WORDS.size()),
                        WORDS.get((i / 3) % WORDS.size()));
                words.forEach(w -> written.merge(w, 1, Integer::sum));
                producer.send(new ProducerRecord<>(INPUT, i % PARTITIONS, null, String.join(" ", words)), (m, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                });
                if (i % 10 == 9) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // pacing, ~200 lines/s
                }
            }
        }

        Map<String, Integer> wordCounts() {
            return Map.copyOf(written);
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
