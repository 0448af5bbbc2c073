package io.gregor.clients.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SCRAM functions against the RFC 7677 SCRAM-SHA-256 example exchange (user, password "pencil"). */
class ScramMechanismTest {
    private static final ScramMechanism SHA256 = ScramMechanism.SCRAM_SHA_256;

    @Test
    void reproducesTheRfc7677ExampleProofAndServerSignature() {
        ScramMessages.ClientFirst first = ScramMessages.ClientFirst.parse("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        ScramMessages.ServerFirst serverFirst = ScramMessages.ServerFirst.parse(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        ScramMessages.ClientFinal clientFinal = ScramMessages.ClientFinal.parse(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        byte[] salted = SHA256.saltedPassword("pencil", serverFirst.salt(), serverFirst.iterations());
        byte[] authMessage = ScramMessages.authMessage(first, serverFirst, clientFinal);
        byte[] clientKey = SHA256.clientKey(salted);
        byte[] proof = ScramMechanism.xor(clientKey, SHA256.hmac(SHA256.storedKey(clientKey), authMessage));
        assertArrayEquals(clientFinal.proof(), proof);
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                Base64.getEncoder().encodeToString(SHA256.hmac(SHA256.serverKey(salted), authMessage)));
        assertEquals("user", first.userName());
        assertEquals("biws", Base64.getEncoder().encodeToString(first.gs2Header().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void userNamesEscapeCommaAndEquals() {
        ScramMessages.ClientFirst first = new ScramMessages.ClientFirst(null, "a,b=c", "n", Map.of());
        assertEquals("n,,n=a=2Cb=3Dc,r=n", first.message());
        assertEquals("a,b=c", ScramMessages.ClientFirst.parse(first.message()).userName());
        assertThrows(IllegalArgumentException.class, () -> ScramMessages.unescapeName("a=b"));
    }

    @Test
    void channelBindingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScramMessages.ClientFirst.parse("p=tls-unique,,n=user,r=abc"));
    }

    @Test
    void mechanismsHaveKafkasNamesAndTypes() {
        assertEquals(ScramMechanism.SCRAM_SHA_256, ScramMechanism.forType((byte) 1));
        assertEquals(ScramMechanism.SCRAM_SHA_512, ScramMechanism.forName("SCRAM-SHA-512"));
        assertEquals(null, ScramMechanism.forType((byte) 0));
    }
}
