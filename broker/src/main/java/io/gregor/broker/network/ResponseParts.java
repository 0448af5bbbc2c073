package io.gregor.broker.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.EncodedMessage;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.record.MemoryRecords;
import java.util.EnumMap;
import java.util.Map;

/** What a connection needs to know of a response beside its content: its throttle field and its heap cost. Stateless. */
final class ResponseParts {
    /** Each API's response ThrottleTimeMs, looked up once (APIs without one are absent). */
    private static final Map<ApiKey, Field<Integer>> THROTTLE_TIME_FIELDS = throttleTimeFields();

    private ResponseParts() {
    }

    /** The ThrottleTimeMs field of {@code api}'s response, or null when it has none. */
    static Field<Integer> throttleTimeField(ApiKey api) {
        return THROTTLE_TIME_FIELDS.get(api);
    }

    /** The heap bytes of an encoded response: its buffers and in-memory records (log file slices cost none). */
    static long heapBytes(EncodedMessage message) {
        long bytes = 0;
        for (EncodedMessage.Part part : message.parts()) {
            if (part instanceof EncodedMessage.BufferPart bp) {
                bytes += bp.sizeInBytes();
            } else if (part instanceof EncodedMessage.RecordsPart rp && rp.records() instanceof MemoryRecords m) {
                bytes += m.sizeInBytes();
            }
        }
        return bytes;
    }

    private static Map<ApiKey, Field<Integer>> throttleTimeFields() {
        Map<ApiKey, Field<Integer>> fields = new EnumMap<>(ApiKey.class);
        for (ApiKey api : ApiKey.values()) {
            Field<Integer> field = ApiMessages.response(api).throttleTimeField();
            if (field != null) {
                fields.put(api, field);
            }
        }
        return fields;
    }
}
