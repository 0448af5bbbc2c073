package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.SocketServer;
import io.gregor.broker.network.SocketServerSettings;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest;
import io.gregor.clients.protocol.schemas.AlterPartitionRequest.Topics.Partitions.NewIsrWithEpochs;
import io.gregor.clients.protocol.schemas.AlterPartitionResponse;
import io.gregor.coordination.zk.EndPoint;
import io.gregor.replication.isr.ControllerNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A small real endpoint playing the controller for AlterPartition: it records every proposed ISR
 * and commits it as asked, answering with the proposed ISR and the partition epoch plus one.
 */
final class StandInController implements AutoCloseable {
    /** One proposed ISR change as the controller received it; {@code memberEpochs} from v3's NewIsrWithEpochs. */
    record Proposal(int brokerId, long brokerEpoch, short version, UUID topicId, String topicName, int partition,
                    int leaderEpoch, List<Integer> newIsr, Map<Integer, Long> memberEpochs, int partitionEpoch) {
    }

    static final int CONTROLLER_ID = 9;
    final Queue<Proposal> proposals = new ConcurrentLinkedQueue<>();
    private final SocketServer server;

    StandInController() throws InterruptedException {
        ApiHandlerRegistry registry = new ApiHandlerRegistry();
        registry.register(ApiKey.ALTER_PARTITION, (context, request) ->
                CompletableFuture.completedFuture(commit(context.apiVersion(), request)));
        server = new SocketServer(new SocketServerSettings(List.of(new EndPoint("PLAINTEXT", "127.0.0.1", 0, "PLAINTEXT")),
                1024 * 1024, 2, 1, -1L, 2_000L), registry);
        server.startup();
    }

    private Struct commit(short version, Struct request) {
        Struct response = ApiMessages.response(ApiKey.ALTER_PARTITION).newStruct()
                .set(AlterPartitionResponse.ERROR_CODE, (short) 0);
        for (Struct t : request.getStructs(AlterPartitionRequest.TOPICS)) {
            UUID topicId = version >= 2 ? t.getUuid(AlterPartitionRequest.Topics.TOPIC_ID) : null;
            String name = version < 2 ? t.getString(AlterPartitionRequest.Topics.TOPIC_NAME) : null;
            Struct topicOut = response.addElement(AlterPartitionResponse.TOPICS);
            if (version >= 2) {
                topicOut.set(AlterPartitionResponse.Topics.TOPIC_ID, topicId);
            } else {
                topicOut.set(AlterPartitionResponse.Topics.TOPIC_NAME, name);
            }
            for (Struct p : t.getStructs(AlterPartitionRequest.Topics.PARTITIONS)) {
                List<Integer> newIsr = new ArrayList<>();
                Map<Integer, Long> memberEpochs = new LinkedHashMap<>();
                if (version >= 3) {
                    for (Struct member : p.getStructs(AlterPartitionRequest.Topics.Partitions.NEW_ISR_WITH_EPOCHS)) {
                        newIsr.add(member.getInt(NewIsrWithEpochs.BROKER_ID));
                        memberEpochs.put(member.getInt(NewIsrWithEpochs.BROKER_ID),
                                member.getLong(NewIsrWithEpochs.BROKER_EPOCH));
                    }
                } else {
                    newIsr.addAll(p.getArray(AlterPartitionRequest.Topics.Partitions.NEW_ISR));
                }
                proposals.add(new Proposal(request.getInt(AlterPartitionRequest.BROKER_ID),
                        request.getLong(AlterPartitionRequest.BROKER_EPOCH), version, topicId,
                        name, p.getInt(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX),
                                p.getInt(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH), List.copyOf(newIsr),
                        Map.copyOf(memberEpochs), p.getInt(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH)));
                topicOut.addElement(AlterPartitionResponse.Topics.PARTITIONS)
                        .set(AlterPartitionResponse.Topics.Partitions.PARTITION_INDEX,
                        p.getInt(AlterPartitionRequest.Topics.Partitions.PARTITION_INDEX))
                        .set(AlterPartitionResponse.Topics.Partitions.ERROR_CODE, (short) 0)
                        .set(AlterPartitionResponse.Topics.Partitions.LEADER_ID,
                                request.getInt(AlterPartitionRequest.BROKER_ID))
                        .set(AlterPartitionResponse.Topics.Partitions.LEADER_EPOCH, p.getInt(AlterPartitionRequest.Topics.Partitions.LEADER_EPOCH))
                        .set(AlterPartitionResponse.Topics.Partitions.ISR, newIsr)
                        .set(AlterPartitionResponse.Topics.Partitions.LEADER_RECOVERY_STATE, (byte) 0)
                        .set(AlterPartitionResponse.Topics.Partitions.PARTITION_EPOCH,
                                p.getInt(AlterPartitionRequest.Topics.Partitions.PARTITION_EPOCH) + 1);
            }
        }
        return response;
    }

    Optional<ControllerNode> node() {
        return Optional.of(new ControllerNode(CONTROLLER_ID, server.boundAddress("PLAINTEXT")));
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
