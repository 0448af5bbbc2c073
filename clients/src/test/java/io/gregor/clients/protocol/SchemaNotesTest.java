package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.StructOf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every field of every message says what it means (its {@code about} note, with the version it
 * came in when that is not v0): the schema classes are where a reader learns the protocol.
 */
class SchemaNotesTest {

    @Test
    void everyFieldOfEveryMessageHasANote() {
        List<MessageSpec> specs = new ArrayList<>(List.of(HeaderSchemas.REQUEST_HEADER, HeaderSchemas.RESPONSE_HEADER,
                io.gregor.clients.protocol.schemas.ConsumerProtocolSubscription.SPEC,
                io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment.SPEC));
        for (ApiKey key : ApiMessages.registered()) {
            specs.add(ApiMessages.request(key));
            specs.add(ApiMessages.response(key));
        }
        List<String> without = new ArrayList<>();
        Set<Schema> seen = new HashSet<>();
        for (MessageSpec spec : specs) {
            collect(spec.schema(), spec.name(), without, seen);
        }
        assertEquals(List.of(), without, "fields without an about note (or with a TODO left by spec_to_dsl.py)");
    }

    private static void collect(Schema schema, String path, List<String> without, Set<Schema> seen) {
        if (!seen.add(schema)) {
            return;
        }
        for (Field<?> f : schema.fields()) {
            if (f.about().isBlank() || f.about().startsWith("TODO")) {
                without.add(path + "." + f.name());
            }
            FieldType t = f.type();
            while (t instanceof ArrayOf a) {
                t = a.element();
            }
            if (t instanceof StructOf s) {
                collect(s.schema(), path + "." + f.name(), without, seen);
            }
        }
    }
}
