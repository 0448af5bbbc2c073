package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeLogDirsRequest;
import io.gregor.clients.protocol.schemas.DescribeLogDirsResponse;
import io.gregor.clients.protocol.schemas.DescribeLogDirsResponse.Results;
import io.gregor.core.log.TopicPartition;
import io.gregor.replication.LogDirDescription;
import io.gregor.replication.ReplicaManager;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeLogDirs (v0-4): this broker's log directories, each with its error (KAFKA_STORAGE_ERROR
 * when offline), the replicas it holds (all, or those the request names) with their sizes and
 * offset lags, and (v4) the total and usable bytes of its file system. There is no authorizer, so
 * the request-level error (v3+) is always NONE.
 */
public final class DescribeLogDirsHandler implements ApiHandler {
    private final ReplicaManager replicaManager;

    public DescribeLogDirsHandler(ReplicaManager replicaManager) {
        this.replicaManager = replicaManager;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        List<Struct> topics = request.get(DescribeLogDirsRequest.TOPICS);
        Optional<Set<TopicPartition>> wanted = Optional.empty();
        if (topics != null) {
            Set<TopicPartition> named = new HashSet<>();
            for (Struct topic : topics) {
                String name = topic.getString(DescribeLogDirsRequest.Topics.TOPIC);
                for (int partition : topic.get(DescribeLogDirsRequest.Topics.PARTITIONS)) {
                    if (partition >= 0 && !name.isEmpty()) {
                        named.add(new TopicPartition(name, partition));
                    }
                }
            }
            wanted = Optional.of(named);
        }
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_LOG_DIRS).newStruct();
        for (LogDirDescription dir : replicaManager.describeLogDirs(wanted)) {
            Struct out = response.addElement(DescribeLogDirsResponse.RESULTS)
                    .set(Results.ERROR_CODE, dir.error().code())
                    .set(Results.LOG_DIR, dir.dir().toString())
                    .set(Results.TOTAL_BYTES, dir.totalBytes())
                    .set(Results.USABLE_BYTES, dir.usableBytes());
            Map<String, Struct> byTopic = new LinkedHashMap<>();
            for (LogDirDescription.Replica replica : dir.replicas()) {
                byTopic.computeIfAbsent(replica.topicPartition().topic(), t -> out.addElement(Results.TOPICS)
                                .set(Results.Topics.NAME, t))
                        .addElement(Results.Topics.PARTITIONS)
                        .set(Results.Topics.Partitions.PARTITION_INDEX, replica.topicPartition().partition())
                        .set(Results.Topics.Partitions.PARTITION_SIZE, replica.size())
                        .set(Results.Topics.Partitions.OFFSET_LAG, replica.offsetLag())
                        .set(Results.Topics.Partitions.IS_FUTURE_KEY, replica.isFuture());
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
