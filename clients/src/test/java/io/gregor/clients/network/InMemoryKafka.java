package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-broker, in-memory stand-in for a Kafka broker, on a {@link ScriptedBroker}, for client tests
 * until Gregor's broker exists: topics with partitions, Produce appends batches (assigning offsets,
 * checking idempotent sequences: duplicate of the last batch answered DUPLICATE_SEQUENCE_NUMBER,
 * a gap OUT_OF_ORDER_SEQUENCE_NUMBER), Fetch returns whole batches from the fetch offset,
 * ListOffsets, InitProducerId, CreateTopics, DeleteTopics, DescribeConfigs. Tests inject errors
 * through {@link #produceErrors}.
 */
public final class InMemoryKafka implements AutoCloseable {
    public static final int NODE_ID = 1;

    public record Topic(UUID id, List<List<ByteBuffer>> partitions, Map<String, String> configs) {
    }

    private record Seq(long producerId, int partition) {
    }

    public final ScriptedBroker broker;
    public final Map<String, Topic> topics = new ConcurrentHashMap<>();
    /** Errors the next Produce requests answer for a partition, consumed one per request. */
    public final Map<Integer, List<Errors>> produceErrors = new ConcurrentHashMap<>();
    /** Per partition: how many of the next appends are answered NOT_LEADER_OR_FOLLOWER although written (a lost ack). */
    public final Map<Integer, Integer> failAfterAppend = new ConcurrentHashMap<>();
    /** Bytes cut from the end of every non-empty Fetch partition response (to simulate a partial batch). */
    public volatile int fetchTruncateBytes;
    private final Map<Seq, int[]> lastSequence = new ConcurrentHashMap<>();
    private final AtomicInteger producerIds = new AtomicInteger(1000);

    public InMemoryKafka() throws IOException {
        broker = new ScriptedBroker();
        broker.on(ApiKey.METADATA, (h, r) -> metadata(r))
                .on(ApiKey.PRODUCE, (h, r) -> produce(r))
                .on(ApiKey.FETCH, (h, r) -> fetch(r))
                .on(ApiKey.LIST_OFFSETS, (h, r) -> listOffsets(r))
                .on(ApiKey.INIT_PRODUCER_ID, (h, r) -> ApiMessages.response(ApiKey.INIT_PRODUCER_ID).newStruct()
                        .set("ProducerId", (long) producerIds.incrementAndGet()).set("ProducerEpoch", 0))
                .on(ApiKey.CREATE_TOPICS, (h, r) -> createTopics(r))
                .on(ApiKey.DELETE_TOPICS, (h, r) -> deleteTopics(r))
                .on(ApiKey.DESCRIBE_CONFIGS, (h, r) -> describeConfigs(r))
                .on(ApiKey.INCREMENTAL_ALTER_CONFIGS, (h, r) -> alterConfigs(r));
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    public synchronized void createTopic(String name, int partitions, Map<String, String> configs) {
        List<List<ByteBuffer>> parts = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            parts.add(new ArrayList<>());
        }
        topics.put(name, new Topic(UUID.randomUUID(), parts, new HashMap<>(configs)));
    }

    /** The batches of one partition, in offset order. */
    public synchronized List<RecordBatch> batches(String topic, int partition) {
        return topics.get(topic).partitions.get(partition).stream().map(b -> new RecordBatch(b.duplicate())).toList();
    }

    private synchronized Struct metadata(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.METADATA).newStruct().set("ClusterId", "in-memory-cluster")
                .set("ControllerId", NODE_ID);
        resp.addElement("Brokers").set("NodeId", NODE_ID).set("Host", "127.0.0.1").set("Port", broker.port());
        List<String> names = new ArrayList<>();
        List<Struct> asked = req.getStructs("Topics");
        if (asked == null) {
            names.addAll(topics.keySet());
        } else {
            asked.forEach(t -> names.add(t.getString("Name")));
        }
        for (String n : names) {
            Topic t = topics.get(n);
            Struct ts = resp.addElement("Topics").set("Name", n);
            if (t == null) {
                ts.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                continue;
            }
            ts.set("TopicId", t.id);
            for (int p = 0; p < t.partitions.size(); p++) {
                ts.addElement("Partitions").set("PartitionIndex", p).set("LeaderId", NODE_ID).set("LeaderEpoch", 0)
                        .set("ReplicaNodes", List.of(NODE_ID)).set("IsrNodes", List.of(NODE_ID));
            }
        }
        return resp;
    }

    private static long nextOffset(List<ByteBuffer> log) {
        return log.isEmpty() ? 0 : new RecordBatch(log.get(log.size() - 1).duplicate()).nextOffset();
    }

    private synchronized Struct produce(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.PRODUCE).newStruct();
        boolean anyAnswer = req.getShort("Acks") != 0;
        for (Struct td : req.getStructs("TopicData")) {
            Struct tr = resp.addElement("Responses").set("Name", td.getString("Name"));
            Topic t = topics.get(td.getString("Name"));
            for (Struct pd : td.getStructs("PartitionData")) {
                int p = pd.getInt("Index");
                Struct pr = tr.addElement("PartitionResponses").set("Index", p);
                List<Errors> injected = produceErrors.get(p);
                if (injected != null && !injected.isEmpty()) {
                    pr.set("ErrorCode", injected.remove(0).code());
                    continue;
                }
                if (t == null || p >= t.partitions.size()) {
                    pr.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                List<ByteBuffer> log = t.partitions.get(p);
                MemoryRecords records = (MemoryRecords) pd.getRecords("Records");
                long base = -1;
                for (RecordBatch b : records.batches()) {
                    if (b.hasProducerId()) {
                        Seq key = new Seq(b.producerId(), p);
                        int[] last = lastSequence.get(key);
                        int expected = last == null ? 0 : last[1] + 1;
                        if (last != null && b.baseSequence() == last[0]) {
                            pr.set("ErrorCode", Errors.DUPLICATE_SEQUENCE_NUMBER.code());
                            base = -2;
                            break;
                        }
                        if (b.baseSequence() != expected) {
                            pr.set("ErrorCode", Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
                            base = -2;
                            break;
                        }
                        lastSequence.put(key, new int[] {b.baseSequence(), b.lastSequence()});
                    }
                    ByteBuffer copy = ByteBuffer.allocate(b.sizeInBytes()).put(b.buffer().duplicate()).flip();
                    long offset = nextOffset(log);
                    new RecordBatch(copy.duplicate()).setBaseOffset(offset);
                    log.add(copy);
                    if (base == -1) {
                        base = offset;
                    }
                }
                if (base >= 0) {
                    pr.set("BaseOffset", base);
                    if (failAfterAppend.getOrDefault(p, 0) > 0) {
                        failAfterAppend.merge(p, -1, Integer::sum);
                        pr.set("ErrorCode", Errors.NOT_LEADER_OR_FOLLOWER.code()).set("BaseOffset", -1L);
                    }
                }
            }
        }
        return anyAnswer ? resp : null;
    }

    private synchronized Struct fetch(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.FETCH).newStruct();
        for (Struct tf : req.getStructs("Topics")) {
            String name = tf.getString("Topic");
            UUID id = tf.getUuid("TopicId");
            Topic t = topics.get(name);
            if (t == null) {
                for (var e : topics.entrySet()) {
                    if (e.getValue().id.equals(id)) {
                        name = e.getKey();
                        t = e.getValue();
                    }
                }
            }
            Struct tr = resp.addElement("Responses").set("Topic", name).set("TopicId", id);
            for (Struct pf : tf.getStructs("Partitions")) {
                int p = pf.getInt("Partition");
                Struct pr = tr.addElement("Partitions").set("PartitionIndex", p);
                if (t == null || p >= t.partitions.size()) {
                    pr.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                List<ByteBuffer> log = t.partitions.get(p);
                long offset = pf.getLong("FetchOffset");
                long end = nextOffset(log);
                pr.set("HighWatermark", end).set("LastStableOffset", end).set("LogStartOffset", 0L);
                if (offset > end) {
                    pr.set("ErrorCode", Errors.OFFSET_OUT_OF_RANGE.code());
                    continue;
                }
                List<MemoryRecords> parts = new ArrayList<>();
                int bytes = 0;
                for (ByteBuffer b : log) {
                    RecordBatch batch = new RecordBatch(b.duplicate());
                    if (batch.lastOffset() >= offset && (bytes == 0 || bytes + b.remaining() <= pf.getInt("PartitionMaxBytes"))) {
                        parts.add(MemoryRecords.readableRecords(b.duplicate()));
                        bytes += b.remaining();
                    }
                }
                MemoryRecords all = MemoryRecords.concat(parts);
                if (fetchTruncateBytes > 0 && all.sizeInBytes() > fetchTruncateBytes) {
                    ByteBuffer buf = all.buffer();
                    all = MemoryRecords.readableRecords(buf.limit(buf.limit() - fetchTruncateBytes));
                }
                pr.set("Records", all);
            }
        }
        return resp;
    }

    private synchronized Struct listOffsets(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.LIST_OFFSETS).newStruct();
        for (Struct tq : req.getStructs("Topics")) {
            Struct tr = resp.addElement("Topics").set("Name", tq.getString("Name"));
            Topic t = topics.get(tq.getString("Name"));
            for (Struct pq : tq.getStructs("Partitions")) {
                int p = pq.getInt("PartitionIndex");
                Struct pr = tr.addElement("Partitions").set("PartitionIndex", p);
                if (t == null || p >= t.partitions.size()) {
                    pr.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                long ts = pq.getLong("Timestamp");
                pr.set("Offset", ts == -2 ? 0L : nextOffset(t.partitions.get(p))).set("Timestamp", -1L);
            }
        }
        return resp;
    }

    private synchronized Struct createTopics(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.CREATE_TOPICS).newStruct();
        for (Struct t : req.getStructs("Topics")) {
            String name = t.getString("Name");
            Struct r = resp.addElement("Topics").set("Name", name);
            int partitions = t.getInt("NumPartitions") == -1 ? 1 : t.getInt("NumPartitions");
            if (topics.containsKey(name)) {
                r.set("ErrorCode", Errors.TOPIC_ALREADY_EXISTS.code()).set("ErrorMessage", "Topic '" + name + "' already exists.");
                continue;
            }
            if (t.getShort("ReplicationFactor") > 1) {
                r.set("ErrorCode", Errors.INVALID_REPLICATION_FACTOR.code())
                        .set("ErrorMessage", "Replication factor: " + t.getShort("ReplicationFactor") + " larger than available brokers: 1.");
                continue;
            }
            Map<String, String> configs = new HashMap<>();
            t.getStructs("Configs").forEach(c -> configs.put(c.getString("Name"), c.getString("Value")));
            if (!req.getBool("validateOnly")) {
                createTopic(name, partitions, configs);
            }
            r.set("TopicId", req.getBool("validateOnly") ? new UUID(0, 0) : topics.get(name).id)
                    .set("NumPartitions", partitions).set("ReplicationFactor", (short) 1);
        }
        return resp;
    }

    private synchronized Struct deleteTopics(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.DELETE_TOPICS).newStruct();
        List<String> names = new ArrayList<>(req.getArray("TopicNames"));
        req.getStructs("Topics").forEach(t -> {
            if (!names.contains(t.getString("Name"))) {
                names.add(t.getString("Name"));
            }
        });
        for (String n : names) {
            Topic t = topics.remove(n);
            resp.addElement("Responses").set("Name", n).set("TopicId", t == null ? new UUID(0, 0) : t.id)
                    .set("ErrorCode", (t == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.NONE).code());
        }
        return resp;
    }

    private synchronized Struct describeConfigs(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.DESCRIBE_CONFIGS).newStruct();
        for (Struct r : req.getStructs("Resources")) {
            String name = r.getString("ResourceName");
            Struct res = resp.addElement("Results").set("ResourceType", r.getByte("ResourceType")).set("ResourceName", name);
            Topic t = topics.get(name);
            if (t == null) {
                res.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                continue;
            }
            res.addElement("Configs").set("Name", "segment.bytes").set("Value", "1073741824").set("ConfigSource", (byte) 5);
            t.configs.forEach((k, v) -> res.addElement("Configs").set("Name", k).set("Value", v).set("ConfigSource", (byte) 1));
        }
        return resp;
    }

    private synchronized Struct alterConfigs(Struct req) {
        Struct resp = ApiMessages.response(ApiKey.INCREMENTAL_ALTER_CONFIGS).newStruct();
        for (Struct r : req.getStructs("Resources")) {
            String name = r.getString("ResourceName");
            Struct res = resp.addElement("Responses").set("ResourceType", r.getByte("ResourceType")).set("ResourceName", name);
            Topic t = topics.get(name);
            if (t == null) {
                res.set("ErrorCode", Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                continue;
            }
            if (req.getBool("ValidateOnly")) {
                continue;
            }
            for (Struct c : r.getStructs("Configs")) {
                switch (c.getByte("ConfigOperation")) {
                    case 0 -> t.configs.put(c.getString("Name"), c.getString("Value"));
                    case 1 -> t.configs.remove(c.getString("Name"));
                    default -> res.set("ErrorCode", Errors.INVALID_REQUEST.code());
                }
            }
        }
        return resp;
    }

    @Override
    public void close() throws IOException {
        broker.close();
    }
}
