package io.gregor.broker.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.security.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramCredentialUtils;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gregor's SCRAM credentials against Kafka 3.9's own code: a credential Kafka makes and writes
 * (as its tools store it in {@code /config/users}) is read by Gregor with the same keys, and the
 * credential Gregor derives from a salted password is the string Kafka writes for it.
 */
class ScramCredentialKafkaCrossCheckTest {

    @ParameterizedTest
    @EnumSource(ScramMechanism.class)
    void credentialsAreStoredAndDerivedExactlyAsKafkaDoes(ScramMechanism mechanism) throws Exception {
        ScramFormatter kafka = new ScramFormatter(
                org.apache.kafka.common.security.scram.internals.ScramMechanism.forMechanismName(mechanism.mechanismName()));
        org.apache.kafka.common.security.scram.ScramCredential written = kafka.generateCredential("pässword-ü", 4096);
        String stored = ScramCredentialUtils.credentialToString(written);

        ScramCredential read = ScramCredential.parse(stored);
        assertArrayEquals(written.salt(), read.salt());
        assertArrayEquals(written.storedKey(), read.storedKey());
        assertArrayEquals(written.serverKey(), read.serverKey());
        assertEquals(4096, read.iterations());

        byte[] salted = mechanism.saltedPassword("pässword-ü", written.salt(), 4096);
        assertArrayEquals(kafka.saltedPassword("pässword-ü", written.salt(), 4096), salted);
        assertEquals(stored, ScramCredential.fromSaltedPassword(mechanism, written.salt(), salted, 4096).toConfigValue());
    }
}
