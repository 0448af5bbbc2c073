package io.gregor.broker.metadata;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeClusterRequest;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse;
import io.gregor.clients.protocol.schemas.DescribeClusterResponse.Brokers;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeCluster (v0-1) from the {@link MetadataCache}: cluster id, controller id and the
 * live brokers' endpoints on the request's listener, and when asked every cluster operation as
 * authorized ({@link AuthorizedOperations}: there is no authorizer). Only the brokers endpoint type (1) exists in a
 * ZooKeeper-mode cluster; asking for controllers gets UNSUPPORTED_ENDPOINT_TYPE.
 */
public final class DescribeClusterHandler implements ApiHandler {
    private static final byte BROKERS_ENDPOINT_TYPE = 1;
    private final MetadataCache cache;

    public DescribeClusterHandler(MetadataCache cache) {
        this.cache = cache;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_CLUSTER).newStruct()
                .set(DescribeClusterResponse.THROTTLE_TIME_MS, 0);
        if (context.apiVersion() >= 1 && request.getByte(DescribeClusterRequest.ENDPOINT_TYPE) != BROKERS_ENDPOINT_TYPE) {
            return CompletableFuture.completedFuture(response
                    .set(DescribeClusterResponse.ERROR_CODE, Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .set(DescribeClusterResponse.ERROR_MESSAGE, "only the brokers endpoint type (1) is supported")
                    .set(DescribeClusterResponse.ENDPOINT_TYPE, request.getByte(DescribeClusterRequest.ENDPOINT_TYPE))
                    .set(DescribeClusterResponse.CLUSTER_ID, cache.clusterId()));
        }
        MetadataCache.Snapshot snapshot = cache.snapshot();
        response.set(DescribeClusterResponse.ERROR_CODE, Errors.NONE.code())
                .set(DescribeClusterResponse.CLUSTER_ID, cache.clusterId())
                .set(DescribeClusterResponse.CONTROLLER_ID, cache.controllerId(snapshot))
                .set(DescribeClusterResponse.ENDPOINT_TYPE, BROKERS_ENDPOINT_TYPE)
                .set(DescribeClusterResponse.CLUSTER_AUTHORIZED_OPERATIONS, AuthorizedOperations.ifRequested(
                        request.getBool(DescribeClusterRequest.INCLUDE_CLUSTER_AUTHORIZED_OPERATIONS),
                        AuthorizedOperations.CLUSTER));
        for (LiveBroker broker : snapshot.liveBrokers().values()) {
            broker.endpoint(context.listenerName()).ifPresent(e -> response.addElement(DescribeClusterResponse.BROKERS)
                    .set(Brokers.BROKER_ID, broker.id()).set(Brokers.HOST, e.host()).set(Brokers.PORT, e.port())
                    .set(Brokers.RACK, broker.rack()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
