package io.gregor.broker.metadata;

import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeCluster (v0-1) from the {@link MetadataCache}: cluster id, controller id and the
 * live brokers' endpoints on the request's listener. Only the brokers endpoint type (1) exists in a
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
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_CLUSTER).newStruct().set("ThrottleTimeMs", 0);
        if (context.apiVersion() >= 1 && request.getByte("EndpointType") != BROKERS_ENDPOINT_TYPE) {
            return CompletableFuture.completedFuture(response
                    .set("ErrorCode", Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .set("ErrorMessage", "only the brokers endpoint type (1) is supported")
                    .set("EndpointType", request.getByte("EndpointType"))
                    .set("ClusterId", cache.clusterId()));
        }
        MetadataCache.Snapshot snapshot = cache.snapshot();
        response.set("ErrorCode", Errors.NONE.code()).set("ClusterId", cache.clusterId())
                .set("ControllerId", cache.controllerId(snapshot)).set("EndpointType", BROKERS_ENDPOINT_TYPE);
        for (LiveBroker broker : snapshot.liveBrokers().values()) {
            broker.endpoint(context.listenerName()).ifPresent(e -> response.addElement("Brokers")
                    .set("BrokerId", broker.id()).set("Host", e.host()).set("Port", e.port()).set("Rack", broker.rack()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
