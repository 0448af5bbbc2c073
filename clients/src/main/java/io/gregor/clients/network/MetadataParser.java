package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.MetadataRequest;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse.Brokers;
import io.gregor.clients.protocol.schemas.MetadataResponse.Topics.Partitions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds Metadata requests and turns Metadata responses into {@link Cluster} snapshots. */
public final class MetadataParser {
    private MetadataParser() {
    }

    /** A request for {@code topics}, or for all topics when null. */
    public static Struct request(Collection<String> topics, boolean allowAutoTopicCreation) {
        Struct req = ApiMessages.request(ApiKey.METADATA).newStruct();
        if (topics == null) {
            req.set(MetadataRequest.TOPICS, null);
        } else {
            for (String t : topics) {
                req.addElement(MetadataRequest.TOPICS).set(MetadataRequest.Topics.NAME, t);
            }
        }
        return req.set(MetadataRequest.ALLOW_AUTO_TOPIC_CREATION, allowAutoTopicCreation);
    }

    public static Cluster parse(Struct response, long nowMs) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (Struct b : response.getStructs(MetadataResponse.BROKERS)) {
            brokers.put(b.getInt(Brokers.NODE_ID),
                    new Node(b.getInt(Brokers.NODE_ID), b.getString(Brokers.HOST), b.getInt(Brokers.PORT),
                    b.getString(Brokers.RACK)));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        for (Struct t : response.getStructs(MetadataResponse.TOPICS)) {
            String name = t.getString(MetadataResponse.Topics.NAME);
            if (name == null) {
                continue;
            }
            List<PartitionInfo> parts = new ArrayList<>();
            for (Struct p : t.getStructs(MetadataResponse.Topics.PARTITIONS)) {
                parts.add(new PartitionInfo(new TopicPartition(name, p.getInt(Partitions.PARTITION_INDEX)),
                        Errors.forCode(p.getShort(Partitions.ERROR_CODE)), p.getInt(Partitions.LEADER_ID),
                                p.getInt(Partitions.LEADER_EPOCH),
                        p.<Integer>getArray(Partitions.REPLICA_NODES), p.<Integer>getArray(Partitions.ISR_NODES),
                        p.<Integer>getArray(Partitions.OFFLINE_REPLICAS)));
            }
            parts.sort(Comparator.comparingInt(pi -> pi.topicPartition().partition()));
            UUID id = t.getUuid(MetadataResponse.Topics.TOPIC_ID);
            topics.put(name, new TopicMetadata(name, id, Errors.forCode(t.getShort(MetadataResponse.Topics.ERROR_CODE)),
                    t.getBool(MetadataResponse.Topics.IS_INTERNAL), parts));
        }
        return new Cluster(response.getString(MetadataResponse.CLUSTER_ID),
                response.getInt(MetadataResponse.CONTROLLER_ID), brokers, topics, nowMs);
    }
}
