package io.gregor.clients.network;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse;
import io.gregor.clients.protocol.schemas.ApiVersionsResponse.ApiKeys;
import java.util.EnumMap;
import java.util.Map;

/** The version range of each API that both this client and one broker support, from an ApiVersions response. */
public final class ApiVersionsTable {
    private record Range(short min, short max) {
    }

    private final Map<ApiKey, Range> usable;

    private ApiVersionsTable(Map<ApiKey, Range> usable) {
        this.usable = usable;
    }

    public static ApiVersionsTable fromResponse(Struct response) {
        Map<ApiKey, Range> m = new EnumMap<>(ApiKey.class);
        for (Struct k : response.getStructs(ApiVersionsResponse.API_KEYS)) {
            ApiKey key = ApiKey.forId(k.getShort(ApiKeys.API_KEY));
            if (key == null) {
                continue;
            }
            short min = (short) Math.max(key.minVersion, k.getShort(ApiKeys.MIN_VERSION));
            short max = (short) Math.min(key.maxVersion, k.getShort(ApiKeys.MAX_VERSION));
            if (min <= max) {
                m.put(key, new Range(min, max));
            }
        }
        return new ApiVersionsTable(m);
    }

    public boolean supports(ApiKey key) {
        return usable.containsKey(key);
    }

    /** The highest common version not above {@code cap}; UNSUPPORTED_VERSION if there is none. */
    public short versionFor(ApiKey key, short cap) {
        Range r = usable.get(key);
        if (r == null || r.min > cap) {
            throw new GregorApiException(Errors.UNSUPPORTED_VERSION, "the broker and this client share no version of "
                    + key.title + (r == null ? "" : " at or below v" + cap));
        }
        return (short) Math.min(r.max, cap);
    }
}
