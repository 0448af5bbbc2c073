package io.gregor.clients.protocol;

import io.gregor.clients.protocol.FieldType.ArrayOf;
import io.gregor.clients.protocol.FieldType.StructOf;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Message fields are read and written through their typed handles only: a field name in a string
 * compiles and fails at run time, so the build refuses it. {@link Struct} has no access by name,
 * and no source file of any module (main or test code, tools and benchmarks included) passes a
 * message field's name as a string to a struct or schema accessor.
 */
class FieldAccessByNameTest {
    /** A call of a struct or schema accessor whose first argument is a string literal. */
    static final Pattern ACCESS_BY_NAME = Pattern.compile(
            "\\.(?:<[^<>]*>)?(get|getBool|getByte|getShort|getInt|getLong|getDouble|getUuid|getString|getBytes"
                    + "|getRecords|getStruct|getArray|getStructs|set|has|addElement|newElement|field|indexOf)"
                    + "\\(\\s*\"([A-Za-z0-9]+)\"");
    /** The codec itself may look fields up by name (MessageSpec's generic ErrorCode lookup). */
    private static final String CODEC = "clients/src/main/java/io/gregor/clients/protocol/";

    @Test
    void structsOfferNoAccessByName() {
        List<String> byName = new ArrayList<>();
        for (Class<?> type : List.of(Struct.class, Schema.class, MessageSpec.class)) {
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() > 0 && m.getParameterTypes()[0] == String.class) {
                    byName.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(List.of(), byName, "public accessors taking a field name; use the field's handle instead");
    }

    @Test
    void noSourceNamesAMessageFieldInAString() throws IOException {
        Set<String> fieldNames = registeredFieldNames();
        Path root = repositoryRoot();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .forEach(p -> {
                        String relative = root.relativize(p).toString();
                        if (!relative.startsWith(CODEC) || relative.contains("/test/")) {
                            offences.addAll(offences(relative, read(p), fieldNames));
                        }
                    });
        }
        assertTrue(offences.isEmpty(), "message fields named in strings; use the typed handles of the schema classes "
                + "(e.g. ProduceRequest.ACKS):\n" + String.join("\n", offences));
    }

    @Test
    void theSourceCheckCatchesAFieldNamedInAString() {
        Set<String> names = registeredFieldNames();
        String source = "short acks = request.getShort(\"Acks\");\n"
                + "topic.addElement(\"PartitionResponses\").set( \"ErrorCode\", code);\n"
                + "List<Integer> isr = p.<Integer>getArray(\"IsrNodes\");\n"
                + "String v = properties.get(\"bootstrap.servers\");\n"
                + "request.getShort(ProduceRequest.ACKS);\n";
        assertEquals(List.of("Example.java:1: \"Acks\"", "Example.java:2: \"PartitionResponses\"",
                "Example.java:2: \"ErrorCode\"", "Example.java:3: \"IsrNodes\""), offences("Example.java", source, names));
    }

    static List<String> offences(String file, String source, Set<String> fieldNames) {
        List<String> found = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = ACCESS_BY_NAME.matcher(lines[i]);
            while (m.find()) {
                if (fieldNames.contains(m.group(2))) {
                    found.add(file + ":" + (i + 1) + ": \"" + m.group(2) + "\"");
                }
            }
        }
        return found;
    }

    /** The names of every field of every registered message, nested structs and headers included. */
    static Set<String> registeredFieldNames() {
        Set<String> names = new HashSet<>();
        List<MessageSpec> specs = new ArrayList<>(List.of(HeaderSchemas.REQUEST_HEADER, HeaderSchemas.RESPONSE_HEADER,
                io.gregor.clients.protocol.schemas.ConsumerProtocolSubscription.SPEC,
                io.gregor.clients.protocol.schemas.ConsumerProtocolAssignment.SPEC));
        for (ApiKey key : ApiMessages.registered()) {
            specs.addAll(Arrays.asList(ApiMessages.request(key), ApiMessages.response(key)));
        }
        specs.forEach(spec -> collect(spec.schema(), names, new HashSet<>()));
        return names;
    }

    private static void collect(Schema schema, Set<String> names, Set<Schema> seen) {
        if (!seen.add(schema)) {
            return;
        }
        for (Field<?> f : schema.fields()) {
            names.add(f.name());
            FieldType t = f.type();
            while (t instanceof ArrayOf a) {
                t = a.element();
            }
            if (t instanceof StructOf s) {
                collect(s.schema(), names, seen);
            }
        }
    }

    /** The reactor root: the nearest directory above the module with the root pom and a broker module. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("broker")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
