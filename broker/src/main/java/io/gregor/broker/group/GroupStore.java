package io.gregor.broker.group;

import io.gregor.clients.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@link ClassicGroups} persists a group's metadata: an acks=all write of its GroupMetadata
 * record to the group's {@code __consumer_offsets} partition. Implementations must not call back
 * into {@link ClassicGroups} before returning.
 */
interface GroupStore {
    /** Completes with NONE once stored, else with the error to answer the members with. */
    CompletableFuture<Errors> storeGroup(String groupId, StoredGroup group);

    /** A store that keeps nothing (groups live only in memory), for tests of membership alone. */
    GroupStore NONE = (groupId, group) -> CompletableFuture.completedFuture(Errors.NONE);
}
