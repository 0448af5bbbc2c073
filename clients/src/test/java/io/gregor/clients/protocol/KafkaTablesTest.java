package io.gregor.clients.protocol;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.ApiMessageType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gregor's error table and API table agree with kafka-clients 3.9.1. */
class KafkaTablesTest {

    @Test
    void errorTableMatchesKafkaCodeNameAndRetriability() {
        for (org.apache.kafka.common.protocol.Errors kafka : org.apache.kafka.common.protocol.Errors.values()) {
            Errors gregor = Errors.forCode(kafka.code());
            assertTrue(Errors.isKnown(kafka.code()), kafka.name());
            assertEquals(kafka.name(), gregor.name());
            assertEquals(kafka.exception() instanceof RetriableException, gregor.isRetriable(), kafka.name());
            assertFalse(gregor.message().isBlank());
        }
        assertEquals(org.apache.kafka.common.protocol.Errors.values().length, Errors.values().length);
    }

    @Test
    void unknownErrorCodesMapToUnknownServerError() {
        assertEquals(Errors.UNKNOWN_SERVER_ERROR, Errors.forCode((short) 31000));
        assertFalse(Errors.isKnown((short) 31000));
        assertEquals(-1, Errors.UNKNOWN_SERVER_ERROR.code());
        assertEquals(6, Errors.NOT_LEADER_OR_FOLLOWER.code());
        assertTrue(Errors.NOT_LEADER_OR_FOLLOWER.isRetriable());
    }

    @Test
    void apiRangesAreKafka391s() {
        for (ApiKey key : ApiKey.values()) {
            ApiMessageType kafka = ApiMessageType.fromApiKey(key.id);
            short[] expected = {kafka.lowestSupportedVersion(), kafka.highestSupportedVersion(true)};
            assertEquals(expected[0], key.minVersion, key.title);
            assertEquals(expected[1], key.maxVersion, key.title);
            assertEquals(kafka.name(), key.title.replaceAll("(?<=[a-z])(?=[A-Z])", "_").toUpperCase(), key.title);
            assertEquals(firstFlexibleRequest(kafka), key.requestFlexibleFrom, key.title);
        }
    }

    /** Kafka's first version sent with request header v2 (i.e. flexible), or -1. */
    private static short firstFlexibleRequest(ApiMessageType kafka) {
        for (short v = kafka.lowestSupportedVersion(); v <= kafka.highestSupportedVersion(true); v++) {
            if (kafka.requestHeaderVersion(v) == 2) {
                return v;
            }
        }
        return -1;
    }

    @Test
    void everyApiKeyIsAKafkaApi() {
        for (ApiKey key : ApiKey.values()) {
            assertNotNull(org.apache.kafka.common.protocol.ApiKeys.forId(key.id));
            assertEquals(key, ApiKey.forId(key.id));
        }
    }
}
