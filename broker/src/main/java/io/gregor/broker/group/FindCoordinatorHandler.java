package io.gregor.broker.group;

import io.gregor.broker.metadata.MetadataCache;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FindCoordinatorRequest;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse;
import io.gregor.clients.protocol.schemas.FindCoordinatorResponse.Coordinators;
import io.gregor.coordination.zk.EndPoint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FindCoordinator v0-6 (v4+ batched keys). A group key is answered with the leader of the group's
 * {@code __consumer_offsets} partition as this broker's metadata knows it, on the listener the
 * request came in on; the topic is created on first use, and COORDINATOR_NOT_AVAILABLE is answered
 * until it has a live leader. A transaction key is answered alike from {@code __transaction_state}
 * once the transaction coordinator has installed it ({@link #withTransactionTopic}; until then
 * COORDINATOR_NOT_AVAILABLE); other key types get INVALID_REQUEST.
 */
public final class FindCoordinatorHandler implements ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(FindCoordinatorHandler.class);

    private record Answer(Errors error, String message, int nodeId, String host, int port) {
        static Answer error(Errors error, String message) {
            return new Answer(error, message, -1, "", -1);
        }
    }

    private final OffsetsTopic offsetsTopic;
    private final OffsetsTopic transactionTopic;
    private final MetadataCache metadataCache;

    FindCoordinatorHandler(OffsetsTopic offsetsTopic, MetadataCache metadataCache) {
        this(offsetsTopic, null, metadataCache);
    }

    private FindCoordinatorHandler(OffsetsTopic offsetsTopic, OffsetsTopic transactionTopic, MetadataCache metadataCache) {
        this.offsetsTopic = offsetsTopic;
        this.transactionTopic = transactionTopic;
        this.metadataCache = metadataCache;
    }

    /** This handler answering transaction keys (key type 1) from {@code transactionTopic} as well. */
    public FindCoordinatorHandler withTransactionTopic(OffsetsTopic transactionTopic) {
        return new FindCoordinatorHandler(offsetsTopic, transactionTopic, metadataCache);
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        byte keyType = version >= 1 ? request.getByte(FindCoordinatorRequest.KEY_TYPE) : 0;
        Struct response = ApiMessages.response(ApiKey.FIND_COORDINATOR).newStruct();
        if (version >= 4) {
            List<String> keys = request.getArray(FindCoordinatorRequest.COORDINATOR_KEYS);
            for (String key : keys) {
                Answer a = find(keyType, key, context.listenerName());
                response.addElement(FindCoordinatorResponse.COORDINATORS).set(Coordinators.KEY, key)
                        .set(Coordinators.NODE_ID, a.nodeId()).set(Coordinators.HOST, a.host())
                        .set(Coordinators.PORT, a.port()).set(Coordinators.ERROR_CODE, a.error().code())
                        .set(Coordinators.ERROR_MESSAGE, a.message());
            }
        } else {
            Answer a = find(keyType, request.getString(FindCoordinatorRequest.KEY), context.listenerName());
            response.set(FindCoordinatorResponse.ERROR_CODE, a.error().code())
                    .set(FindCoordinatorResponse.NODE_ID, a.nodeId()).set(FindCoordinatorResponse.HOST, a.host())
                    .set(FindCoordinatorResponse.PORT, a.port());
            if (version >= 1) {
                response.set(FindCoordinatorResponse.ERROR_MESSAGE, a.message());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Answer find(byte keyType, String key, String listenerName) {
        if (keyType == 1 && transactionTopic == null) {
            return Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, "this broker has no transaction coordinator");
        }
        if (keyType != 0 && keyType != 1) {
            return Answer.error(Errors.INVALID_REQUEST, "unknown coordinator key type " + keyType);
        }
        if (key == null || key.isEmpty()) {
            return Answer.error(Errors.INVALID_REQUEST, keyType == 0 ? "the group id must not be empty"
                    : "the transactional id must not be empty");
        }
        OffsetsTopic topic = keyType == 0 ? offsetsTopic : transactionTopic;
        String name = topic.name();
        if (!metadataCache.contains(name)) {
            try {
                topic.ensureCreated();
            } catch (RuntimeException e) {
                log.warn("Could not create {}: {}", name, e.toString());
            }
            return Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, name + " is being created");
        }
        int partition = topic.partitionFor(key);
        Optional<EndPoint> leader = metadataCache.leaderEndpoint(name, partition, listenerName);
        int leaderId = metadataCache.partition(name, partition).map(p -> p.leader()).orElse(-1);
        if (leader.isEmpty() || leaderId < 0) {
            return Answer.error(Errors.COORDINATOR_NOT_AVAILABLE, "no live leader for " + name + "-" + partition);
        }
        return new Answer(Errors.NONE, null, leaderId, leader.get().host(), leader.get().port());
    }
}
