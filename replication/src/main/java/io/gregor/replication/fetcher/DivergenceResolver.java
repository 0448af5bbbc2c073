package io.gregor.replication.fetcher;

import io.gregor.core.epoch.EpochEndOffset;
import io.gregor.replication.Partition;

/**
 * Where a follower must cut its log so it is a prefix of the leader's (KIP-101/279): from the
 * leader's answer to "where does epoch E end?" for the follower's latest epoch E. If the leader
 * knows E, the cut is at min(leader's end of E, own log end). If the leader answers an older epoch
 * E' (it never had E), the follower's own end of E' bounds the cut too, so the records this
 * follower wrote in epochs the leader never saw are removed. Only when the leader knows no epoch
 * at all does the high watermark decide, as in Kafka.
 */
final class DivergenceResolver {
    private DivergenceResolver() {
    }

    static long truncationOffset(Partition follower, int askedEpoch, int leaderEpoch, long leaderEndOffset) {
        long ownEnd = follower.logEndOffset();
        if (leaderEpoch == EpochEndOffset.UNDEFINED_EPOCH || leaderEndOffset == EpochEndOffset.UNDEFINED_EPOCH_OFFSET) {
            return Math.min(follower.highWatermark(), ownEnd);
        }
        if (leaderEpoch == askedEpoch) {
            return Math.min(leaderEndOffset, ownEnd);
        }
        EpochEndOffset ownEndOfLeaderEpoch = follower.log().endOffsetForEpoch(leaderEpoch);
        long bound = ownEndOfLeaderEpoch.endOffset() >= 0 ? ownEndOfLeaderEpoch.endOffset() : ownEnd;
        return Math.min(Math.min(leaderEndOffset, bound), ownEnd);
    }
}
