package io.gregor.clients.consumer;

/**
 * What a transactional producer needs to commit a consumer's offsets inside its transaction
 * (TxnOffsetCommit): the group, and the member's generation, member id and static instance id, so
 * that the group coordinator can refuse a commit from a member that was fenced by a rebalance.
 * As Kafka's ConsumerGroupMetadata; generation -1 and member id "" when the consumer is not in a group.
 */
public record ConsumerGroupMetadata(String groupId, int generationId, String memberId, String groupInstanceId) {
    public ConsumerGroupMetadata {
        if (groupId == null) {
            throw new IllegalArgumentException("group id must not be null");
        }
        if (memberId == null) {
            throw new IllegalArgumentException("member id must not be null");
        }
    }

    /** Metadata of a group id alone (no generation): the coordinator checks nothing but the group. */
    public ConsumerGroupMetadata(String groupId) {
        this(groupId, -1, "", null);
    }
}
