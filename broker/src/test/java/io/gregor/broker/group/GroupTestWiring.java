package io.gregor.broker.group;

import io.gregor.broker.GregorServer;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.replication.ReplicaManager;
import java.lang.reflect.Field;

/**
 * Registers the group coordinator on a started test broker unless the server already did it
 * (until GregorServer.registerHandlers calls {@link GroupHandlers#register} itself).
 */
final class GroupTestWiring {
    private GroupTestWiring() {
    }

    /** The data plane's ReplicaManager, found through the registered Produce handler. */
    static ReplicaManager replicaManagerOf(GregorServer server) throws ReflectiveOperationException {
        Object produce = server.handlers().handler(ApiKey.PRODUCE);
        Field f = produce.getClass().getDeclaredField("replicaManager");
        f.setAccessible(true);
        return (ReplicaManager) f.get(produce);
    }

    static void registerIfMissing(GregorServer server) throws ReflectiveOperationException {
        if (server.handlers().handler(ApiKey.FIND_COORDINATOR) == null) {
            GroupHandlers.register(server.handlers(), new TopicAdmin(server.zkClient(), 1, (short) 1),
                    replicaManagerOf(server), server.metadataCache(), server.config().offsetsTopicNumPartitions(),
                    server.config().offsetsTopicReplicationFactor(), server.scheduler(),
                    server.config().groupInitialRebalanceDelayMs());
        }
    }
}
