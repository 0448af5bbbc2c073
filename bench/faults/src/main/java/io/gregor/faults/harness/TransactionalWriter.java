package io.gregor.faults.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional workload's writers: {@link #PRODUCERS} Apache Java producers, each with its own
 * {@code transactional.id} ({@code faults-txn-<i>}) and thread, each running one transaction after
 * another of {@link #RECORDS_PER_TRANSACTION} records spread round-robin over the topic's partitions
 * ({@code "<partition>:<seq>"}, the sequence counting per partition across producers), at a steady
 * total rate. Every {@link #ABORT_EVERY}th transaction of a producer is aborted on purpose.
 *
 * <p>Errors are handled as an application following the producer's documentation would: a fatal
 * error (fenced, out-of-order sequence, authorization, unsupported version, an epoch bump the client
 * cannot take) closes the producer and a new one with the same {@code transactional.id} calls
 * {@code initTransactions()} (which bumps the epoch and aborts or completes what was left); an
 * abortable error aborts the transaction (and if that fails too, re-initialises); a timed-out
 * commit is retried. Every transaction and its end go to the {@link TxnLog}: committed when
 * {@code commitTransaction()} returned, unknown when it threw, aborted when it was never called.
 */
final class TransactionalWriter implements Writer {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriter.class);
    static final int PRODUCERS = 2;
    static final int RECORDS_PER_TRANSACTION = 10;
    static final int ABORT_EVERY = 5;
    static final int TRANSACTION_TIMEOUT_MS = 30_000;
    static final int REQUEST_TIMEOUT_MS = 10_000;
    static final int DELIVERY_TIMEOUT_MS = 120_000;
    static final int MAX_BLOCK_MS = 60_000;
    private static final int COMMIT_ATTEMPTS = 3;

    private final String bootstrap;
    private final String topic;
    private final int partitions;
    private final int recordsPerSecond;
    private final TxnLog txns;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLongArray nextSeq;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong reinitialisations = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    TransactionalWriter(String bootstrap, String topic, int partitions, int recordsPerSecond, TxnLog txns) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
        this.recordsPerSecond = recordsPerSecond;
        this.txns = txns;
        this.nextSeq = new AtomicLongArray(partitions);
        for (int i = 0; i < PRODUCERS; i++) {
            int index = i;
            Thread thread = new Thread(() -> run(index), "faults-txn-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    static String transactionalId(int producer) {
        return "faults-txn-" + producer;
    }

    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public long sent() {
        return sent.get();
    }

    /** How often a producer was closed and a new one initialised after a fatal error. */
    long reinitialisations() {
        return reinitialisations.get();
    }

    private KafkaProducer<String, String> newProducer(int index) {
        return new KafkaProducer<>(config(bootstrap, index));
    }

    private static Properties config(String bootstrap, int index) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId(index));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(index));
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(TRANSACTION_TIMEOUT_MS));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MS));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /**
     * A zombie's successor: a second producer with producer {@code index}'s {@code transactional.id}
     * calls {@code initTransactions()}, which bumps the epoch, fences the running producer and aborts
     * its open transaction (or completes one whose commit the coordinator already prepared), then
     * closes. The running producer meets the fence at its next request and re-initialises.
     */
    static void fence(String bootstrap, int index) {
        Properties props = config(bootstrap, index);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId(index) + "-fencer");
        try (KafkaProducer<String, String> fencer = new KafkaProducer<>(props)) {
            fencer.initTransactions();
        }
    }

    private void run(int index) {
        long intervalNanos = 1_000_000_000L * PRODUCERS / recordsPerSecond;
        long due = System.nanoTime();
        long number = 0;
        KafkaProducer<String, String> producer = null;
        boolean initialised = false;
        while (running.get()) {
            if (producer == null) {
                producer = newProducer(index);
                initialised = false;
            }
            if (!initialised) {
                try {
                    producer.initTransactions();
                    initialised = true;
                } catch (TimeoutException e) {
                    LOG.info("{}: initTransactions timed out, retrying: {}", transactionalId(index), e.getMessage());
                    continue;   // initTransactions may be called again after a timeout
                } catch (KafkaException e) {
                    LOG.warn("{}: initTransactions failed, starting a new producer: {}", transactionalId(index), e.toString());
                    closeAtOnce(producer);
                    producer = null;
                    reinitialisations.incrementAndGet();
                    LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                    continue;
                }
            }
            long n = number++;
            boolean abort = n % ABORT_EVERY == ABORT_EVERY - 1;
            String id = txns.begin(index, n, abort);
            boolean commitCalled = false;
            try {
                producer.beginTransaction();
                for (int i = 0; i < RECORDS_PER_TRANSACTION; i++) {
                    int partition = (int) ((n * RECORDS_PER_TRANSACTION + i + index) % partitions);
                    long seq = nextSeq.getAndIncrement(partition);
                    txns.sending(id, partition, seq);
                    producer.send(new ProducerRecord<>(topic, partition, null, partition + ":" + seq), (metadata, error) -> {
                        if (error == null) {
                            txns.produced(id, partition, seq, metadata.offset());
                        }
                    });
                    sent.incrementAndGet();
                    due = pace(due, intervalNanos);
                }
                if (abort) {
                    producer.abortTransaction();
                    txns.ended(id, Transaction.Outcome.ABORTED, "");
                } else {
                    commitCalled = true;
                    commit(producer);
                    txns.ended(id, Transaction.Outcome.COMMITTED, "");
                }
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                     | UnsupportedVersionException | InvalidProducerEpochException e) {
                txns.ended(id, commitCalled ? Transaction.Outcome.UNKNOWN : Transaction.Outcome.ABORTED, "fatal: " + e);
                LOG.warn("{}: transaction {} hit a fatal error, starting a new producer: {}", transactionalId(index), n, e.toString());
                closeAtOnce(producer);
                producer = null;
                reinitialisations.incrementAndGet();
            } catch (KafkaException e) {
                txns.ended(id, commitCalled ? Transaction.Outcome.UNKNOWN : Transaction.Outcome.ABORTED, "aborted after: " + e);
                LOG.info("{}: transaction {} failed, aborting it: {}", transactionalId(index), n, e.toString());
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    LOG.warn("{}: abortTransaction failed too, starting a new producer: {}", transactionalId(index),
                            abortFailed.toString());
                    closeAtOnce(producer);
                    producer = null;
                    reinitialisations.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // not the client's documented errors (an IllegalStateException of a producer in a state it should not be
                // in): end the transaction as unknown or aborted, start afresh; the thread must not die silently
                LOG.error("{}: transaction {} failed unexpectedly, starting a new producer", transactionalId(index), n, e);
                txns.endedIfOpen(id, commitCalled ? Transaction.Outcome.UNKNOWN : Transaction.Outcome.ABORTED,
                        "unexpected: " + e);
                closeAtOnce(producer);
                producer = null;
                reinitialisations.incrementAndGet();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /** Commits, retrying a commit that timed out (the client allows that) a bounded number of times. */
    private static void commit(KafkaProducer<String, String> producer) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static long pace(long due, long intervalNanos) {
        long next = due + intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        } else if (wait < -1_000_000_000L) {
            return System.nanoTime();   // fell behind (a blocked commit): do not burst to catch up
        }
        return next;
    }

    private static void closeAtOnce(KafkaProducer<String, String> producer) {
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debug("closing a failed producer", e);
        }
    }

    /**
     * Stops after each producer's current transaction has ended (committed or aborted), bounded:
     * a commit may block up to {@code max.block.ms} per attempt.
     */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        long deadline = System.nanoTime() + Duration.ofMillis((long) MAX_BLOCK_MS * (COMMIT_ATTEMPTS + 1) + 60_000).toNanos();
        for (Thread thread : threads) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            thread.join(left);
            if (thread.isAlive()) {
                LOG.warn("{} did not finish its transaction in time", thread.getName());
            }
        }
    }
}
