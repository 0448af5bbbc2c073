package io.gregor.coordination.registry;

import java.util.OptionalLong;

/**
 * A leader's check of the broker a follower request claims to come from (Fetch v15+ carries the
 * follower's ReplicaId and ReplicaEpoch, KIP-903): the request is taken as that follower's only
 * when the claimed epoch is the broker epoch of that broker's current registration in ZooKeeper
 * (the czxid of its {@code /brokers/ids/<id>}). Kafka's leaders fence only an epoch older than the
 * one they know and let -1 through; this is stricter, as no client is trusted with an id it claims.
 *
 * <ul>
 *   <li>A negative epoch (none given) and an epoch older than the registration's are refused.</li>
 *   <li>The registration's epoch is accepted: one map lookup, no ZooKeeper read.</li>
 *   <li>A newer epoch, or any epoch of a broker not seen registered, is refused too, and the
 *       registrations are re-read from ZooKeeper in the background ({@link
 *       LiveBrokerEpochs#requestRefresh()}): a broker that has just registered is accepted on its
 *       next try (followers retry after {@code replica.fetch.backoff.ms}). Refusing at once instead
 *       of waiting for the read also keeps the answer's timing the same for an older and a newer
 *       guess, so a forger cannot search for the epoch by timing the answers.</li>
 * </ul>
 *
 * <p>Never blocks; thread-safe.
 */
public final class ReplicaEpochVerifier {

    /** Whether to take the request as the follower's, and why not. */
    public record Verdict(boolean accepted, String reason) {
        static final Verdict ACCEPTED = new Verdict(true, "accepted");

        static Verdict refused(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final LiveBrokerEpochs epochs;

    public ReplicaEpochVerifier(LiveBrokerEpochs epochs) {
        this.epochs = epochs;
    }

    /** Checks that {@code claimedEpoch} (-1 when the request carries none) is broker {@code replicaId}'s live epoch. */
    public Verdict verify(int replicaId, long claimedEpoch) {
        if (claimedEpoch < 0) {
            return Verdict.refused("the request carries no replica epoch");
        }
        OptionalLong live = epochs.epoch(replicaId);
        if (live.isPresent() && live.getAsLong() == claimedEpoch) {
            return Verdict.ACCEPTED;
        }
        if (live.isPresent() && claimedEpoch < live.getAsLong()) {
            return Verdict.refused("broker " + replicaId + " is registered with the newer broker epoch " + live.getAsLong());
        }
        epochs.requestRefresh();
        return Verdict.refused(live.isPresent()
                ? "broker " + replicaId + " is registered with broker epoch " + live.getAsLong() + " as far as this broker has seen"
                : "broker " + replicaId + " is not registered as far as this broker has seen");
    }
}
