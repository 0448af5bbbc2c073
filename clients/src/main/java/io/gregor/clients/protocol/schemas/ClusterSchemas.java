package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/** Schemas of the APIs a client uses to learn about the cluster: ApiVersions and Metadata. */
public final class ClusterSchemas {
    private ClusterSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                ApiVersionsRequest.SPEC,
                ApiVersionsResponse.SPEC,
                MetadataRequest.SPEC,
                MetadataResponse.SPEC);
    }
}
