package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
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
            req.set("Topics", null);
        } else {
            for (String t : topics) {
                req.addElement("Topics").set("Name", t);
            }
        }
        return req.set("AllowAutoTopicCreation", allowAutoTopicCreation);
    }

    public static Cluster parse(Struct response, long nowMs) {
        Map<Integer, Node> brokers = new HashMap<>();
        for (Struct b : response.getStructs("Brokers")) {
            brokers.put(b.getInt("NodeId"), new Node(b.getInt("NodeId"), b.getString("Host"), b.getInt("Port"),
                    b.getString("Rack")));
        }
        Map<String, TopicMetadata> topics = new HashMap<>();
        for (Struct t : response.getStructs("Topics")) {
            String name = t.getString("Name");
            if (name == null) {
                continue;
            }
            List<PartitionInfo> parts = new ArrayList<>();
            for (Struct p : t.getStructs("Partitions")) {
                parts.add(new PartitionInfo(new TopicPartition(name, p.getInt("PartitionIndex")),
                        Errors.forCode(p.getShort("ErrorCode")), p.getInt("LeaderId"), p.getInt("LeaderEpoch"),
                        p.<Integer>getArray("ReplicaNodes"), p.<Integer>getArray("IsrNodes"),
                        p.<Integer>getArray("OfflineReplicas")));
            }
            parts.sort(Comparator.comparingInt(pi -> pi.topicPartition().partition()));
            UUID id = t.getUuid("TopicId");
            topics.put(name, new TopicMetadata(name, id, Errors.forCode(t.getShort("ErrorCode")),
                    t.getBool("IsInternal"), parts));
        }
        return new Cluster(response.getString("ClusterId"), response.getInt("ControllerId"), brokers, topics, nowMs);
    }
}
