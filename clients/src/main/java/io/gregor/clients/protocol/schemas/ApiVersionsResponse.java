package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/** ApiVersionsResponse (api key 18, versions 0-4, flexible 3+). */
public final class ApiVersionsResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+");
    public static final Field<List<Struct>> API_KEYS = array("ApiKeys", "0+", ApiKeys.SCHEMA);
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+");
    public static final Field<List<Struct>> SUPPORTED_FEATURES =
            array("SupportedFeatures", "3+", SupportedFeatures.SCHEMA).tagged(0, "3+");
    public static final Field<Long> FINALIZED_FEATURES_EPOCH =
            field("FinalizedFeaturesEpoch", INT64, "3+").tagged(1, "3+").withDefault(-1L);
    public static final Field<List<Struct>> FINALIZED_FEATURES =
            array("FinalizedFeatures", "3+", FinalizedFeatures.SCHEMA).tagged(2, "3+");
    public static final Field<Boolean> ZK_MIGRATION_READY = field("ZkMigrationReady", BOOL, "3+").tagged(3, "3+");

    public static final MessageSpec SPEC = response(18, "ApiVersionsResponse", "0-4", "3+",
            ERROR_CODE, API_KEYS, THROTTLE_TIME_MS, SUPPORTED_FEATURES, FINALIZED_FEATURES_EPOCH, FINALIZED_FEATURES,
            ZK_MIGRATION_READY);

    private ApiVersionsResponse() {
    }

    /** An element of {@link ApiVersionsResponse#API_KEYS}. */
    public static final class ApiKeys {
        public static final Field<Short> API_KEY = field("ApiKey", INT16, "0+");
        public static final Field<Short> MIN_VERSION = field("MinVersion", INT16, "0+");
        public static final Field<Short> MAX_VERSION = field("MaxVersion", INT16, "0+");
        public static final Schema SCHEMA = structType("ApiKeys", API_KEY, MIN_VERSION, MAX_VERSION);

        private ApiKeys() {
        }
    }

    /** An element of {@link ApiVersionsResponse#SUPPORTED_FEATURES}. */
    public static final class SupportedFeatures {
        public static final Field<String> NAME = field("Name", STRING, "3+");
        public static final Field<Short> MIN_VERSION = field("MinVersion", INT16, "3+");
        public static final Field<Short> MAX_VERSION = field("MaxVersion", INT16, "3+");
        public static final Schema SCHEMA = structType("SupportedFeatures", NAME, MIN_VERSION, MAX_VERSION);

        private SupportedFeatures() {
        }
    }

    /** An element of {@link ApiVersionsResponse#FINALIZED_FEATURES}. */
    public static final class FinalizedFeatures {
        public static final Field<String> NAME = field("Name", STRING, "3+");
        public static final Field<Short> MAX_VERSION_LEVEL = field("MaxVersionLevel", INT16, "3+");
        public static final Field<Short> MIN_VERSION_LEVEL = field("MinVersionLevel", INT16, "3+");
        public static final Schema SCHEMA = structType("FinalizedFeatures", NAME, MAX_VERSION_LEVEL, MIN_VERSION_LEVEL);

        private FinalizedFeatures() {
        }
    }
}
