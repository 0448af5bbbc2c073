package io.gregor.clients.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * The APIs Gregor speaks, with Kafka's numeric key and name, the version range Gregor supports, and
 * the first flexible version of request and response (-1 when never flexible). Also decides the
 * header version each API version uses on the wire.
 */
public enum ApiKey {
    PRODUCE(0, "Produce", 0, 11, 9, 9),
    FETCH(1, "Fetch", 0, 17, 12, 12),
    LIST_OFFSETS(2, "ListOffsets", 0, 9, 6, 6),
    METADATA(3, "Metadata", 0, 12, 9, 9),
    LEADER_AND_ISR(4, "LeaderAndIsr", 0, 7, 4, 4),
    STOP_REPLICA(5, "StopReplica", 0, 4, 2, 2),
    UPDATE_METADATA(6, "UpdateMetadata", 0, 8, 6, 6),
    CONTROLLED_SHUTDOWN(7, "ControlledShutdown", 0, 3, 3, 3),
    OFFSET_COMMIT(8, "OffsetCommit", 0, 9, 8, 8),
    OFFSET_FETCH(9, "OffsetFetch", 0, 9, 6, 6),
    FIND_COORDINATOR(10, "FindCoordinator", 0, 6, 3, 3),
    JOIN_GROUP(11, "JoinGroup", 0, 9, 6, 6),
    HEARTBEAT(12, "Heartbeat", 0, 4, 4, 4),
    LEAVE_GROUP(13, "LeaveGroup", 0, 5, 4, 4),
    SYNC_GROUP(14, "SyncGroup", 0, 5, 4, 4),
    DESCRIBE_GROUPS(15, "DescribeGroups", 0, 5, 5, 5),
    LIST_GROUPS(16, "ListGroups", 0, 5, 3, 3),
    SASL_HANDSHAKE(17, "SaslHandshake", 0, 1, -1, -1),
    API_VERSIONS(18, "ApiVersions", 0, 4, 3, 3),
    CREATE_TOPICS(19, "CreateTopics", 0, 7, 5, 5),
    DELETE_TOPICS(20, "DeleteTopics", 0, 6, 4, 4),
    DELETE_RECORDS(21, "DeleteRecords", 0, 2, 2, 2),
    INIT_PRODUCER_ID(22, "InitProducerId", 0, 5, 2, 2),
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch", 0, 4, 4, 4),
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn", 0, 5, 3, 3),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn", 0, 4, 3, 3),
    END_TXN(26, "EndTxn", 0, 4, 3, 3),
    WRITE_TXN_MARKERS(27, "WriteTxnMarkers", 0, 1, 1, 1),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit", 0, 4, 3, 3),
    DESCRIBE_ACLS(29, "DescribeAcls", 0, 3, 2, 2),
    CREATE_ACLS(30, "CreateAcls", 0, 3, 2, 2),
    DELETE_ACLS(31, "DeleteAcls", 0, 3, 2, 2),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", 0, 4, 4, 4),
    ALTER_CONFIGS(33, "AlterConfigs", 0, 2, 2, 2),
    ALTER_REPLICA_LOG_DIRS(34, "AlterReplicaLogDirs", 0, 2, 2, 2),
    DESCRIBE_LOG_DIRS(35, "DescribeLogDirs", 0, 4, 2, 2),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", 0, 2, 2, 2),
    CREATE_PARTITIONS(37, "CreatePartitions", 0, 3, 2, 2),
    DELETE_GROUPS(42, "DeleteGroups", 0, 2, 2, 2),
    ELECT_LEADERS(43, "ElectLeaders", 0, 2, 2, 2),
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs", 0, 1, 1, 1),
    ALTER_PARTITION_REASSIGNMENTS(45, "AlterPartitionReassignments", 0, 0, 0, 0),
    LIST_PARTITION_REASSIGNMENTS(46, "ListPartitionReassignments", 0, 0, 0, 0),
    OFFSET_DELETE(47, "OffsetDelete", 0, 0, -1, -1),
    DESCRIBE_CLIENT_QUOTAS(48, "DescribeClientQuotas", 0, 1, 1, 1),
    ALTER_CLIENT_QUOTAS(49, "AlterClientQuotas", 0, 1, 1, 1),
    DESCRIBE_USER_SCRAM_CREDENTIALS(50, "DescribeUserScramCredentials", 0, 0, 0, 0),
    ALTER_USER_SCRAM_CREDENTIALS(51, "AlterUserScramCredentials", 0, 0, 0, 0),
    ALTER_PARTITION(56, "AlterPartition", 0, 3, 0, 0),
    DESCRIBE_CLUSTER(60, "DescribeCluster", 0, 1, 0, 0),
    DESCRIBE_PRODUCERS(61, "DescribeProducers", 0, 0, 0, 0),
    DESCRIBE_TRANSACTIONS(65, "DescribeTransactions", 0, 0, 0, 0),
    LIST_TRANSACTIONS(66, "ListTransactions", 0, 1, 0, 0),
    GET_TELEMETRY_SUBSCRIPTIONS(71, "GetTelemetrySubscriptions", 0, 0, 0, 0);

    private static final Map<Integer, ApiKey> BY_ID = new HashMap<>();

    static {
        for (ApiKey k : values()) {
            BY_ID.put((int) k.id, k);
        }
    }

    public final short id;
    /** Kafka's name of the API, e.g. "Produce", "ApiVersions". */
    public final String title;
    public final short minVersion;
    public final short maxVersion;
    /** First version whose request is flexible, or -1. */
    public final short requestFlexibleFrom;
    /** First version whose response is flexible, or -1. */
    public final short responseFlexibleFrom;

    ApiKey(int id, String title, int minVersion, int maxVersion, int requestFlexibleFrom, int responseFlexibleFrom) {
        this.id = (short) id;
        this.title = title;
        this.minVersion = (short) minVersion;
        this.maxVersion = (short) maxVersion;
        this.requestFlexibleFrom = (short) requestFlexibleFrom;
        this.responseFlexibleFrom = (short) responseFlexibleFrom;
    }

    /** The API with this numeric key, or null if Gregor does not know it. */
    public static ApiKey forId(int id) {
        return BY_ID.get(id);
    }

    public boolean isVersionSupported(short version) {
        return version >= minVersion && version <= maxVersion;
    }

    public boolean isFlexibleRequest(short version) {
        return requestFlexibleFrom >= 0 && version >= requestFlexibleFrom;
    }

    public boolean isFlexibleResponse(short version) {
        return responseFlexibleFrom >= 0 && version >= responseFlexibleFrom;
    }

    /**
     * The request header version for {@code version} of this API: 2 for flexible requests, else 1;
     * ControlledShutdown v0 alone uses header v0 (no client id).
     */
    public short requestHeaderVersion(short version) {
        if (this == CONTROLLED_SHUTDOWN && version == 0) {
            return 0;
        }
        return isFlexibleRequest(version) ? (short) 2 : (short) 1;
    }

    /**
     * The response header version for {@code version} of this API: 1 for flexible responses, else 0.
     * ApiVersions responses always use v0, so that a client that sent a version the broker does not
     * know can still read the answer.
     */
    public short responseHeaderVersion(short version) {
        if (this == API_VERSIONS) {
            return 0;
        }
        return isFlexibleResponse(version) ? (short) 1 : (short) 0;
    }
}
