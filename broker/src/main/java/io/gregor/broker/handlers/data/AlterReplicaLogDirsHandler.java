package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsRequest.Dirs;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsRequest;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsResponse;
import io.gregor.clients.protocol.schemas.AlterReplicaLogDirsResponse.Results;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.ReplicaManager;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * AlterReplicaLogDirs (v0-2): moves replicas of this broker to other log dirs of its own
 * ({@link ReplicaManager#alterReplicaLogDirs}). A partition named in several dirs goes to the last
 * one naming it; a path that is not a path gets LOG_DIR_NOT_FOUND, an empty topic name or a negative
 * partition UNKNOWN_TOPIC_OR_PARTITION.
 */
public final class AlterReplicaLogDirsHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public AlterReplicaLogDirsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    /** A partition as the request names it, valid or not. */
    private record Named(String topic, int partition) {
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Map<Named, Path> moves = new LinkedHashMap<>(); // null: not a path
        for (Struct dir : request.getStructs(AlterReplicaLogDirsRequest.DIRS)) {
            Path path;
            try {
                path = Path.of(dir.getString(Dirs.PATH));
            } catch (InvalidPathException e) {
                path = null;
            }
            for (Struct topic : dir.getStructs(Dirs.TOPICS)) {
                for (int partition : topic.get(Dirs.Topics.PARTITIONS)) {
                    Named named = new Named(topic.getString(Dirs.Topics.NAME), partition);
                    moves.remove(named); // the last dir naming a partition wins, in the answer's order too
                    moves.put(named, path);
                }
            }
        }
        Map<Named, Errors> results = new LinkedHashMap<>();
        Map<TopicPartition, Path> valid = new LinkedHashMap<>();
        moves.forEach((named, path) -> {
            if (named.topic().isEmpty() || named.partition() < 0) {
                results.put(named, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            } else if (path == null) {
                results.put(named, Errors.LOG_DIR_NOT_FOUND);
            } else {
                results.put(named, Errors.NONE);
                valid.put(new TopicPartition(named.topic(), named.partition()), path);
            }
        });
        replicaManager.alterReplicaLogDirs(valid)
                .forEach((tp, error) -> results.put(new Named(tp.topic(), tp.partition()), error));
        Struct response = ApiMessages.response(ApiKey.ALTER_REPLICA_LOG_DIRS).newStruct();
        Map<String, Struct> byTopic = new LinkedHashMap<>();
        results.forEach((named, error) -> byTopic.computeIfAbsent(named.topic(), t -> response
                        .addElement(AlterReplicaLogDirsResponse.RESULTS).set(Results.TOPIC_NAME, t))
                .addElement(Results.PARTITIONS)
                .set(Results.Partitions.PARTITION_INDEX, named.partition())
                .set(Results.Partitions.ERROR_CODE, error.code()));
        return CompletableFuture.completedFuture(response);
    }
}
