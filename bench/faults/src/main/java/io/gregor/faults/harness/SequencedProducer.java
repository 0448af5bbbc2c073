package io.gregor.faults.harness;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The workload's writer: an idempotent acks=all Apache Java producer that writes
 * {@code "<partition>:<seq>"} values round-robin over the topic's partitions at a steady rate, the
 * sequence counting per partition from 0, and logs every acknowledgement in the {@link AckLog}.
 *
 * <p>Its delivery timeout is longer than any fault lasts, so that a record is only ever
 * acknowledged or still pending while faults run; a failed send is counted, never retried by
 * hand (a resend would be a new record and blur the duplicate count).
 */
final class SequencedProducer implements Writer {
    static final int REQUEST_TIMEOUT_MS = 10_000;
    static final int DELIVERY_TIMEOUT_MS = 300_000;

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int partitions;
    private final int recordsPerSecond;
    private final AckLog acks;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread pacer;
    private final long[] nextSeq;   // confined to the pacer thread
    private volatile long sent;     // written by the pacer thread only

    SequencedProducer(String bootstrap, String topic, int partitions, int recordsPerSecond, AckLog acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "faults-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MS));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
        this.partitions = partitions;
        this.recordsPerSecond = recordsPerSecond;
        this.acks = acks;
        this.nextSeq = new long[partitions];
        this.pacer = new Thread(this::run, "faults-producer-pacer");
        pacer.setDaemon(true);
    }

    @Override
    public void start() {
        pacer.start();
    }

    private void run() {
        long intervalNanos = 1_000_000_000L / recordsPerSecond;
        long due = System.nanoTime();
        long i = 0;
        while (running.get()) {
            int partition = (int) (i++ % partitions);
            long seq = nextSeq[partition]++;
            try {
                producer.send(new ProducerRecord<>(topic, partition, null, partition + ":" + seq), (metadata, error) -> {
                    if (error == null) {
                        acks.acked(partition, seq, metadata.offset());
                    } else {
                        acks.failed(partition, seq, error);
                    }
                });
            } catch (RuntimeException e) {
                acks.failed(partition, seq, e);
            }
            sent = i;
            due += intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -1_000_000_000L) {
                due = System.nanoTime(); // fell behind (send blocked): do not burst to catch up
            }
        }
    }

    @Override
    public long sent() {
        return sent;
    }

    /** Stops sending and waits (bounded by the delivery timeout) for every outstanding record to be acknowledged or fail. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        pacer.join(Duration.ofSeconds(30).toMillis());
        producer.close(Duration.ofMillis(DELIVERY_TIMEOUT_MS + 10_000L));
    }
}
