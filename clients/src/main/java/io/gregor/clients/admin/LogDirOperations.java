package io.gregor.clients.admin;

import io.gregor.clients.network.Cluster;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.network.TopicPartition;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsRequest;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsResponse;
import io.gregor.clients.protocol.schemas.DescribeLogDirsRequest;
import io.gregor.clients.protocol.schemas.DescribeLogDirsResponse;
import io.gregor.clients.protocol.schemas.DescribeLogDirsResponse.Results;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The log-directory half of {@link GregorAdmin}: DescribeLogDirs, sent to each named broker itself
 * (every broker answers for its own directories), asking for all partitions (null topics), and
 * AlterReplicaLogDirs, sent to the broker holding each replica. Keeps no state: thread safe as the
 * {@link NetworkClient} is.
 */
final class LogDirOperations {
    private final NetworkClient client;

    LogDirOperations(NetworkClient client) {
        this.client = client;
    }

    /**
     * The log directories of each broker, by broker id and path. A broker the cluster does not have
     * fails the call with BROKER_NOT_AVAILABLE before any request is sent.
     */
    Map<Integer, Map<String, LogDirInfo>> describe(Collection<Integer> brokers, long deadlineMs) {
        Cluster cluster = client.fetchMetadata(List.of(), false, Math.max(1, deadlineMs - System.currentTimeMillis()));
        Map<Integer, CompletableFuture<Struct>> answers = new LinkedHashMap<>();
        for (int id : brokers) {
            Node node = node(cluster, id);
            answers.put(id, client.send(node, ApiKey.DESCRIBE_LOG_DIRS,
                    ApiMessages.request(ApiKey.DESCRIBE_LOG_DIRS).newStruct().set(DescribeLogDirsRequest.TOPICS, null)));
        }
        Map<Integer, Map<String, LogDirInfo>> out = new TreeMap<>();
        for (var answer : answers.entrySet()) {
            Struct response = NetworkClient.await(answer.getValue(), deadlineMs);
            Errors error = Errors.forCode(response.getShort(DescribeLogDirsResponse.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error, "DescribeLogDirs on broker " + answer.getKey() + ": " + error.message());
            }
            Map<String, LogDirInfo> dirs = new LinkedHashMap<>();
            for (Struct dir : response.getStructs(DescribeLogDirsResponse.RESULTS)) {
                Map<TopicPartition, LogDirInfo.ReplicaInfo> replicas = new HashMap<>();
                for (Struct topic : dir.getStructs(Results.TOPICS)) {
                    for (Struct p : topic.getStructs(Results.Topics.PARTITIONS)) {
                        replicas.put(new TopicPartition(topic.getString(Results.Topics.NAME),
                                        p.getInt(Results.Topics.Partitions.PARTITION_INDEX)),
                                new LogDirInfo.ReplicaInfo(p.getLong(Results.Topics.Partitions.PARTITION_SIZE),
                                        p.getLong(Results.Topics.Partitions.OFFSET_LAG),
                                        p.getBool(Results.Topics.Partitions.IS_FUTURE_KEY)));
                    }
                }
                dirs.put(dir.getString(Results.LOG_DIR), new LogDirInfo(dir.getString(Results.LOG_DIR),
                        Errors.forCode(dir.getShort(Results.ERROR_CODE)), replicas, dir.getLong(Results.TOTAL_BYTES),
                        dir.getLong(Results.USABLE_BYTES)));
            }
            out.put(answer.getKey(), dirs);
        }
        return out;
    }

    /**
     * Asks each replica's broker to move it to the log dir given (an absolute path of its
     * {@code log.dirs}); the error per replica: NONE (the move started or the replica is there),
     * REPLICA_NOT_AVAILABLE (the broker does not hold it yet), LOG_DIR_NOT_FOUND, KAFKA_STORAGE_ERROR.
     */
    Map<TopicPartitionReplica, Errors> alterReplicaLogDirs(Map<TopicPartitionReplica, String> dirs, long deadlineMs) {
        Cluster cluster = client.fetchMetadata(List.of(), false, Math.max(1, deadlineMs - System.currentTimeMillis()));
        Map<Integer, Map<String, Map<String, List<Integer>>>> byBroker = new TreeMap<>(); // broker -> dir -> topic -> partitions
        dirs.forEach((replica, dir) -> byBroker.computeIfAbsent(replica.brokerId(), b -> new TreeMap<>())
                .computeIfAbsent(dir, d -> new TreeMap<>())
                .computeIfAbsent(replica.topicPartition().topic(), t -> new java.util.ArrayList<>())
                .add(replica.topicPartition().partition()));
        Map<Integer, CompletableFuture<Struct>> answers = new LinkedHashMap<>();
        byBroker.forEach((broker, paths) -> {
            Struct req = ApiMessages.request(ApiKey.ALTER_REPLICA_LOG_DIRS).newStruct();
            paths.forEach((path, topics) -> {
                Struct d = req.addElement(AlterReplicaLogDirsRequest.DIRS).set(AlterReplicaLogDirsRequest.Dirs.PATH, path);
                topics.forEach((topic, partitions) -> d.addElement(AlterReplicaLogDirsRequest.Dirs.TOPICS)
                        .set(AlterReplicaLogDirsRequest.Dirs.Topics.NAME, topic)
                        .set(AlterReplicaLogDirsRequest.Dirs.Topics.PARTITIONS, List.copyOf(partitions)));
            });
            answers.put(broker, client.send(node(cluster, broker), ApiKey.ALTER_REPLICA_LOG_DIRS, req));
        });
        Map<TopicPartitionReplica, Errors> out = new LinkedHashMap<>();
        for (var answer : answers.entrySet()) {
            Struct response = NetworkClient.await(answer.getValue(), deadlineMs);
            for (Struct topic : response.getStructs(AlterReplicaLogDirsResponse.RESULTS)) {
                String name = topic.getString(AlterReplicaLogDirsResponse.Results.TOPIC_NAME);
                for (Struct p : topic.getStructs(AlterReplicaLogDirsResponse.Results.PARTITIONS)) {
                    out.put(new TopicPartitionReplica(new TopicPartition(name,
                                    p.getInt(AlterReplicaLogDirsResponse.Results.Partitions.PARTITION_INDEX)), answer.getKey()),
                            Errors.forCode(p.getShort(AlterReplicaLogDirsResponse.Results.Partitions.ERROR_CODE)));
                }
            }
        }
        return out;
    }

    private static Node node(Cluster cluster, int id) {
        return cluster.node(id).orElseThrow(() -> new GregorApiException(Errors.BROKER_NOT_AVAILABLE,
                "broker " + id + " is not in the cluster"));
    }
}
