package io.gregor.console.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gregor.console.ConsoleError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZnodePathTest {
    @Test
    void pathsAreUnderTheChrootAndListTheirAncestors() {
        ZnodePath ids = ZnodePath.parse("/brokers/ids");
        assertEquals("/kafka/brokers/ids", ids.onServer("/kafka"));
        assertEquals("/brokers/ids", ids.onServer(""));
        assertEquals("/kafka", ZnodePath.parse("/").onServer("/kafka"));
        assertEquals("/", ZnodePath.parse("").onServer(""));
        assertEquals(List.of("/", "/brokers", "/brokers/ids"), ids.lineage().stream().map(ZnodePath::path).toList());
        assertEquals("/brokers/ids/0", ids.child("0").path());
        assertEquals("/config", ZnodePath.parse("/").child("config").path());
    }

    @Test
    void malformedPathsAreRefusedWithTheReason() {
        for (String bad : List.of("brokers", "/brokers/", "//x", "/a/../b", "/a/./b", "/a\u0000b")) {
            ConsoleError e = assertThrows(ConsoleError.class, () -> ZnodePath.parse(bad), bad);
            assertEquals(400, e.status());
        }
    }

    @Test
    void scramCredentialsOfUsersAreRedactedAndQuotasKept() {
        byte[] data = "{\"version\":1,\"config\":{\"SCRAM-SHA-256\":\"salt=abc,stored_key=def\",\"consumer_byte_rate\":\"10\"}}"
                .getBytes(StandardCharsets.UTF_8);
        Redaction.Result r = Redaction.apply(ZnodePath.parse("/config/users/bob"), data);
        String kept = new String(r.data(), StandardCharsets.UTF_8);
        assertEquals(List.of("SCRAM-SHA-256"), r.redacted());
        assertTrue(kept.contains("\"SCRAM-SHA-256\":\"[redacted]\"") && kept.contains("\"consumer_byte_rate\":\"10\"")
                && !kept.contains("salt"), kept);
        Redaction.Result odd = Redaction.apply(ZnodePath.parse("/config/users/bob"), "salt=abc".getBytes(StandardCharsets.UTF_8));
        assertEquals("[redacted]", new String(odd.data(), StandardCharsets.UTF_8));
        assertEquals(List.of(), Redaction.apply(ZnodePath.parse("/config/topics/t"), data).redacted(), "only user configs");
    }
}
