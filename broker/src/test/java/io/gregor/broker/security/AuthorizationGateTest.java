package io.gregor.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ElectLeadersRequest;
import io.gregor.clients.protocol.schemas.ElectLeadersResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizationGateTest {
    /** The APIs whose refusal is the response's top-level error code (controller and cluster-admin APIs, group membership). */
    private static final List<ApiKey> WHOLE_REQUEST = List.of(ApiKey.LEADER_AND_ISR, ApiKey.STOP_REPLICA,
            ApiKey.UPDATE_METADATA, ApiKey.CONTROLLED_SHUTDOWN, ApiKey.ALTER_PARTITION, ApiKey.ALTER_PARTITION_REASSIGNMENTS,
            ApiKey.LIST_PARTITION_REASSIGNMENTS, ApiKey.DESCRIBE_CLIENT_QUOTAS, ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP,
            ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP, ApiKey.OFFSET_DELETE, ApiKey.INIT_PRODUCER_ID);

    @Test
    void everyVersionOfTheWholeRequestApisCarriesTheRefusalInItsErrorCode() throws Exception {
        for (ApiKey api : WHOLE_REQUEST) {
            for (short v = api.minVersion; v <= api.maxVersion; v++) {
                Struct response = AuthorizationGate.refuse(api, v, Errors.CLUSTER_AUTHORIZATION_FAILED).get();
                assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(),
                        response.getShort(ApiMessages.response(api).errorCodeField()), api + " v" + v);
            }
        }
    }

    @Test
    void electLeadersIsRefusedForEveryNamedPartitionInEveryVersionAndAtTheTopFromV1() {
        Struct request = ElectLeadersRequest.SPEC.newStruct().set(ElectLeadersRequest.TOPIC_PARTITIONS, List.of(
                new Struct(ElectLeadersRequest.TopicPartitions.SCHEMA).set(ElectLeadersRequest.TopicPartitions.TOPIC, "t")
                        .set(ElectLeadersRequest.TopicPartitions.PARTITIONS, List.of(0, 2))));
        for (short v = ApiKey.ELECT_LEADERS.minVersion; v <= ApiKey.ELECT_LEADERS.maxVersion; v++) {
            Struct response = AuthorizationGate.electLeadersRefusal(v, request);
            List<Struct> topics = response.get(ElectLeadersResponse.REPLICA_ELECTION_RESULTS);
            assertEquals("t", topics.get(0).getString(ElectLeadersResponse.ReplicaElectionResults.TOPIC));
            List<Struct> partitions = topics.get(0).get(ElectLeadersResponse.ReplicaElectionResults.PARTITION_RESULT);
            assertEquals(List.of(0, 2), partitions.stream()
                    .map(p -> p.getInt(ElectLeadersResponse.ReplicaElectionResults.PartitionResult.PARTITION_ID)).toList());
            for (Struct p : partitions) {
                assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(),
                        p.getShort(ElectLeadersResponse.ReplicaElectionResults.PartitionResult.ERROR_CODE), "v" + v);
            }
            if (v >= 1) {
                assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED.code(), response.getShort(ElectLeadersResponse.ERROR_CODE));
            }
        }
    }

    @Test
    void describeLogDirsBeforeV3IsAnsweredWithNoLogDirsAsKafkaDoes() throws Exception {
        Struct response = AuthorizationGate.refuse(ApiKey.DESCRIBE_LOG_DIRS, (short) 2, Errors.CLUSTER_AUTHORIZATION_FAILED).get();
        assertTrue(response.isAllDefault());
    }
}
