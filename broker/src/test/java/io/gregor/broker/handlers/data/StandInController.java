package io.gregor.broker.handlers.data;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.SocketServer;
import io.gregor.broker.network.SocketServerSettings;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Struct;
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
        Struct response = ApiMessages.response(ApiKey.ALTER_PARTITION).newStruct().set("ErrorCode", (short) 0);
        for (Struct t : request.getStructs("Topics")) {
            UUID topicId = version >= 2 ? t.getUuid("TopicId") : null;
            String name = version < 2 ? t.getString("TopicName") : null;
            Struct topicOut = response.addElement("Topics");
            if (version >= 2) {
                topicOut.set("TopicId", topicId);
            } else {
                topicOut.set("TopicName", name);
            }
            for (Struct p : t.getStructs("Partitions")) {
                List<Integer> newIsr = new ArrayList<>();
                Map<Integer, Long> memberEpochs = new LinkedHashMap<>();
                if (version >= 3) {
                    for (Struct member : p.getStructs("NewIsrWithEpochs")) {
                        newIsr.add(member.getInt("BrokerId"));
                        memberEpochs.put(member.getInt("BrokerId"), member.getLong("BrokerEpoch"));
                    }
                } else {
                    newIsr.addAll(p.<Integer>getArray("NewIsr"));
                }
                proposals.add(new Proposal(request.getInt("BrokerId"), request.getLong("BrokerEpoch"), version, topicId,
                        name, p.getInt("PartitionIndex"), p.getInt("LeaderEpoch"), List.copyOf(newIsr),
                        Map.copyOf(memberEpochs), p.getInt("PartitionEpoch")));
                topicOut.addElement("Partitions").set("PartitionIndex", p.getInt("PartitionIndex"))
                        .set("ErrorCode", (short) 0).set("LeaderId", request.getInt("BrokerId"))
                        .set("LeaderEpoch", p.getInt("LeaderEpoch")).set("Isr", newIsr)
                        .set("LeaderRecoveryState", (byte) 0).set("PartitionEpoch", p.getInt("PartitionEpoch") + 1);
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
