package io.gregor.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
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
    void describeLogDirsBeforeV3IsAnsweredWithNoLogDirsAsKafkaDoes() throws Exception {
        Struct response = AuthorizationGate.refuse(ApiKey.DESCRIBE_LOG_DIRS, (short) 2, Errors.CLUSTER_AUTHORIZATION_FAILED).get();
        assertTrue(response.isAllDefault());
    }
}
