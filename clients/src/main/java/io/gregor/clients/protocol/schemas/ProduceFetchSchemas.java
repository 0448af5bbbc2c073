package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.MessageSpec;

import java.util.List;

/** Schemas of the data-path APIs: Produce, Fetch, ListOffsets and OffsetForLeaderEpoch. */
public final class ProduceFetchSchemas {
    private ProduceFetchSchemas() {
    }

    /** The messages of this family, each declared in its own class, registered by {@code ApiMessages}. */
    public static List<MessageSpec> all() {
        return List.of(
                ProduceRequest.SPEC,
                ProduceResponse.SPEC,
                FetchRequest.SPEC,
                FetchResponse.SPEC,
                ListOffsetsRequest.SPEC,
                ListOffsetsResponse.SPEC,
                OffsetForLeaderEpochRequest.SPEC,
                OffsetForLeaderEpochResponse.SPEC);
    }
}
