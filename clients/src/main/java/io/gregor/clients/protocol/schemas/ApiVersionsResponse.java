package io.gregor.clients.protocol.schemas;

import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.MessageSpec;
import io.gregor.clients.protocol.Schema;
import io.gregor.clients.protocol.Struct;

import java.util.List;

import static io.gregor.clients.protocol.SchemaDsl.*;

/**
 * The broker's API version ranges. v1 adds the throttle time; v2 answers before throttling; v3 is
 * flexible and adds features as tagged fields (KIP-584); v4 as v3. Its header is never flexible, and
 * an UNSUPPORTED_VERSION answer is v0-shaped so that any client can read it (KIP-511).
 */
public final class ApiVersionsResponse {
    public static final Field<Short> ERROR_CODE = field("ErrorCode", INT16, "0+")
            .about("0, or UNSUPPORTED_VERSION when the request's version is too new (the answer is then v0-shaped, "
                    + "KIP-511).");
    public static final Field<List<Struct>> API_KEYS = array("ApiKeys", "0+", ApiKeys.SCHEMA)
            .about("Every API the broker serves with its version range.");
    public static final Field<Integer> THROTTLE_TIME_MS = field("ThrottleTimeMs", INT32, "1+")
            .about("How long, in ms, the broker throttled this request for a quota; since v1.");
    public static final Field<List<Struct>> SUPPORTED_FEATURES =
            array("SupportedFeatures", "3+", SupportedFeatures.SCHEMA).tagged(0, "3+")
            .about("The feature flags the broker supports, with version ranges (KIP-584); Gregor sends none. Since "
                    + "v3.");
    public static final Field<Long> FINALIZED_FEATURES_EPOCH =
            field("FinalizedFeaturesEpoch", INT64, "3+").tagged(1, "3+").withDefault(-1L)
            .about("The epoch of the finalized features, -1 when there are none. Since v3.");
    public static final Field<List<Struct>> FINALIZED_FEATURES =
            array("FinalizedFeatures", "3+", FinalizedFeatures.SCHEMA).tagged(2, "3+")
            .about("The cluster-wide finalized feature levels (KIP-584); Gregor sends none. Since v3.");
    public static final Field<Boolean> ZK_MIGRATION_READY = field("ZkMigrationReady", BOOL, "3+").tagged(3, "3+")
            .about("True when a ZooKeeper broker is ready for migration to KRaft (KIP-866); Gregor never is. Since "
                    + "v3.");

    public static final MessageSpec SPEC = response(18, "ApiVersionsResponse", "0-4", "3+",
            ERROR_CODE, API_KEYS, THROTTLE_TIME_MS, SUPPORTED_FEATURES, FINALIZED_FEATURES_EPOCH, FINALIZED_FEATURES,
            ZK_MIGRATION_READY);

    private ApiVersionsResponse() {
    }

    /** An element of {@link ApiVersionsResponse#API_KEYS}. */
    public static final class ApiKeys {
        public static final Field<Short> API_KEY = field("ApiKey", INT16, "0+")
                .about("The API's key.");
        public static final Field<Short> MIN_VERSION = field("MinVersion", INT16, "0+")
                .about("The oldest version of the API the broker serves.");
        public static final Field<Short> MAX_VERSION = field("MaxVersion", INT16, "0+")
                .about("The newest version of the API the broker serves.");
        public static final Schema SCHEMA = structType("ApiKeys", API_KEY, MIN_VERSION, MAX_VERSION);

        private ApiKeys() {
        }
    }

    /** An element of {@link ApiVersionsResponse#SUPPORTED_FEATURES}. */
    public static final class SupportedFeatures {
        public static final Field<String> NAME = field("Name", STRING, "3+")
                .about("The feature's name. Since v3.");
        public static final Field<Short> MIN_VERSION = field("MinVersion", INT16, "3+")
                .about("The oldest supported version of the feature. Since v3.");
        public static final Field<Short> MAX_VERSION = field("MaxVersion", INT16, "3+")
                .about("The newest supported version of the feature. Since v3.");
        public static final Schema SCHEMA = structType("SupportedFeatures", NAME, MIN_VERSION, MAX_VERSION);

        private SupportedFeatures() {
        }
    }

    /** An element of {@link ApiVersionsResponse#FINALIZED_FEATURES}. */
    public static final class FinalizedFeatures {
        public static final Field<String> NAME = field("Name", STRING, "3+")
                .about("The feature's name. Since v3.");
        public static final Field<Short> MAX_VERSION_LEVEL = field("MaxVersionLevel", INT16, "3+")
                .about("The highest level finalized for the cluster. Since v3.");
        public static final Field<Short> MIN_VERSION_LEVEL = field("MinVersionLevel", INT16, "3+")
                .about("The lowest level finalized for the cluster. Since v3.");
        public static final Schema SCHEMA = structType("FinalizedFeatures", NAME, MAX_VERSION_LEVEL, MIN_VERSION_LEVEL);

        private FinalizedFeatures() {
        }
    }
}
