package io.gregor.clients.producer;

import io.gregor.clients.consumer.ConsumerGroupMetadata;
import io.gregor.clients.consumer.OffsetAndMetadata;
import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.PartitionInfo;
import io.gregor.clients.network.TopicMetadata;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.Errors;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gregor's producer, configured with Kafka's producer settings (see {@link ProducerConfig}):
 * {@link #send} partitions the record (murmur2 of the key, or sticky without a key), appends it to
 * its partition's batch and returns at once; a background sender thread delivers batches after
 * {@code linger.ms} or when full, retrying retriable errors with metadata refresh. Idempotent by
 * default. Thread safe: many threads may send at once.
 *
 * <p>With {@code transactional.id} set it is a transactional producer, used as Kafka's is:
 * {@link #initTransactions} once, then per transaction {@link #beginTransaction}, sends (and
 * {@link #sendOffsetsToTransaction} to consume-transform-produce), then {@link #commitTransaction}
 * or {@link #abortTransaction}. A {@link GregorApiException} with PRODUCER_FENCED (another producer
 * took the transactional id) or another fatal error leaves only {@link #close}; after any other
 * failure of a transaction, {@link #abortTransaction} and try again.
 */
public final class GregorProducer<K, V> implements Closeable {
    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final NetworkClient client;
    private final RecordAccumulator accumulator;
    private final StickyPartitioner partitioner;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Sender sender;
    private final Thread senderThread;
    /** Null unless {@code transactional.id} is set. */
    private final TransactionManager transactions;
    private volatile boolean closed;

    public GregorProducer(Map<String, ?> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(ProducerConfig.from(new ConfigValues(configs)), keySerializer, valueSerializer);
    }

    public GregorProducer(Properties props, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(ProducerConfig.from(ConfigValues.of(props)), keySerializer, valueSerializer);
    }

    public GregorProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.config = config;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.client = new NetworkClient(config.common());
        this.accumulator = new RecordAccumulator(config.batchSize(), config.lingerMs(), config.common().retryBackoffMs(),
                config.bufferMemory(), config.maxBlockMs());
        this.partitioner = new StickyPartitioner(config.batchSize());
        this.transactions = config.transactional() ? new TransactionManager(config.transactionalId(),
                config.transactionTimeoutMs(), config.common().retryBackoffMs()) : null;
        this.sender = new Sender(config, client, accumulator, topics, transactions);
        this.senderThread = new Thread(sender, "gregor-producer-network-thread-" + config.common().clientId());
        this.senderThread.setDaemon(true);
        this.senderThread.start();
    }

    public ProducerConfig config() {
        return config;
    }

    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Queues {@code record}; the future and the callback complete when the broker acknowledged it (or
     * it failed for good). Blocks at most {@code max.block.ms} for metadata of a new topic.
     */
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (closed) {
            throw new IllegalStateException("cannot send after the producer is closed");
        }
        try {
            TopicMetadata topic = waitOnMetadata(record.topic(), config.maxBlockMs());
            byte[] key = keySerializer.serialize(record.topic(), record.key());
            byte[] value = valueSerializer.serialize(record.topic(), record.value());
            int size = ProducerBatch.estimateSize(key, value, record.headers());
            if (size > config.maxRequestSize()) {
                throw new GregorApiException(Errors.RECORD_LIST_TOO_LARGE, "the record is " + size
                        + " bytes, more than max.request.size=" + config.maxRequestSize());
            }
            List<PartitionInfo> partitions = topic.partitions();
            int partition = record.partition() != null ? record.partition()
                    : partitioner.partition(record.topic(), key, size, partitions);
            if (partition >= partitions.size()) {
                throw new GregorApiException(Errors.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition
                        + " of topic " + record.topic() + " does not exist (it has " + partitions.size() + ")");
            }
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            TopicPartition tp = new TopicPartition(record.topic(), partition);
            if (transactions != null) {
                transactions.maybeAddPartition(tp);
            }
            RecordAccumulator.AppendResult r = accumulator.append(tp,
                    timestamp, key, value, record.headers(), callback, System.currentTimeMillis());
            if (r.batchFull() || r.newBatch()) {
                sender.wakeup();
            }
            return r.future();
        } catch (GregorApiException e) {
            if (callback != null) {
                callback.onCompletion(null, e);
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Registers the {@code transactional.id} with its coordinator: fences any earlier producer with
     * the same id and completes or aborts what that producer left open. Call once, before the first
     * transaction; waits at most {@code max.block.ms} (on REQUEST_TIMED_OUT, call it again).
     */
    public void initTransactions() {
        await(requireTransactions().initializeTransactions(), "initTransactions");
    }

    /** Starts a transaction: every record sent until commit or abort belongs to it. */
    public void beginTransaction() {
        requireTransactions().beginTransaction();
    }

    /**
     * Commits the consumer's {@code offsets} (the next offsets to read) in the current transaction,
     * so that they count only if the transaction commits. Waits at most {@code max.block.ms}.
     */
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        CompletableFuture<Void> done = requireTransactions().sendOffsetsToTransaction(offsets, group);
        sender.wakeup();
        await(done, "sendOffsetsToTransaction");
    }

    /**
     * Sends everything the transaction holds, then commits it. If a record of it failed, the
     * transaction cannot commit: the error is thrown and {@link #abortTransaction} is next.
     */
    public void commitTransaction() {
        TransactionManager txn = requireTransactions();
        if (txn.state() == TransactionState.IN_TRANSACTION) {
            flush();
        }
        CompletableFuture<Void> done = txn.beginCommit();
        sender.wakeup();
        await(done, "commitTransaction");
    }

    /** Drops the records of the transaction not yet sent and aborts it. */
    public void abortTransaction() {
        CompletableFuture<Void> done = requireTransactions().beginAbort();
        sender.wakeup();
        await(done, "abortTransaction");
    }

    private TransactionManager requireTransactions() {
        if (transactions == null) {
            throw new IllegalStateException("transactional method called on a producer without transactional.id");
        }
        if (closed) {
            throw new IllegalStateException("the producer is closed");
        }
        return transactions;
    }

    private void await(CompletableFuture<Void> result, String what) {
        sender.wakeup();
        try {
            result.get(config.maxBlockMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new GregorApiException(Errors.REQUEST_TIMED_OUT, what + " did not complete within max.block.ms="
                    + config.maxBlockMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GregorApiException(Errors.REQUEST_TIMED_OUT, what + " was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GregorApiException g) {
                throw new GregorApiException(g.error(), what + ": " + g.getMessage(), g);
            }
            throw new GregorApiException(Errors.UNKNOWN_SERVER_ERROR, what + ": " + e.getCause(), e.getCause());
        }
    }

    /** The partitions of {@code topic}, fetching metadata if needed. */
    public List<PartitionInfo> partitionsFor(String topic) {
        return waitOnMetadata(topic, config.maxBlockMs()).partitions();
    }

    private TopicMetadata waitOnMetadata(String topic, long maxBlockMs) {
        topics.add(topic);
        TopicMetadata known = client.cluster().topic(topic).orElse(null);
        if (known != null && known.error() == Errors.NONE && !known.partitions().isEmpty()) {
            return known;
        }
        long deadline = System.currentTimeMillis() + maxBlockMs;
        String last = null;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new GregorApiException(Errors.REQUEST_TIMED_OUT, "topic " + topic + " not present in metadata after "
                        + maxBlockMs + " ms" + (last == null ? "" : " (last error: " + last + ")"));
            }
            try {
                Cluster c = client.fetchMetadata(Set.copyOf(topics), true, left);
                TopicMetadata t = c.topic(topic).orElse(null);
                if (t != null && t.error() == Errors.NONE && !t.partitions().isEmpty()) {
                    return t;
                }
                last = t == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION.name() : t.error().name();
                if (t != null && !t.error().isRetriable() && t.error() != Errors.NONE) {
                    throw new GregorApiException(t.error(), "metadata for topic " + topic);
                }
            } catch (GregorApiException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                last = e.getMessage();
            }
            NetworkClient.sleep(Math.min(config.common().retryBackoffMs(), Math.max(1, deadline - System.currentTimeMillis())));
        }
    }

    /** Sends everything queued now, and waits until every record sent before this call completed. */
    public void flush() {
        accumulator.beginFlush();
        try {
            sender.wakeup();
            for (CompletableFuture<RecordMetadata> f : accumulator.incompleteFutures()) {
                try {
                    f.join();
                } catch (RuntimeException ignored) {
                    // a failed record was reported through its own future/callback
                }
            }
        } finally {
            accumulator.endFlush();
        }
    }

    /** Delivers what is queued, then closes. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /** Delivers what is queued for at most {@code timeout}; records still pending after it fail. */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        if (transactions != null) {
            TransactionState s = transactions.state();
            if (s == TransactionState.IN_TRANSACTION || s == TransactionState.ABORTABLE_ERROR) {
                try {
                    transactions.beginAbort(); // as Kafka's producer: an open transaction is aborted on close
                } catch (RuntimeException e) {
                    // a fatal error raced with close: nothing can be aborted any more
                }
            }
        }
        accumulator.beginClose();
        sender.initiateClose(false);
        try {
            senderThread.join(Math.max(1, Math.min(timeout.toMillis(), TimeUnit.DAYS.toMillis(365))));
            if (senderThread.isAlive()) {
                sender.initiateClose(true);
                senderThread.join(config.common().requestTimeoutMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }
}
