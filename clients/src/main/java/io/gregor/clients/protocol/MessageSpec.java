package io.gregor.clients.protocol;

/**
 * The schema of one message: an API's request or response (or a header, with apiKey -1): its
 * valid versions, the versions that use the flexible (compact, tagged) encoding, and its fields.
 * Immutable.
 */
public record MessageSpec(int apiKey, String name, MessageType type, Versions validVersions,
                          Versions flexibleVersions, Schema schema) {

    public boolean isFlexible(short version) {
        return flexibleVersions.contains(version);
    }

    /** A new all-default value of this message, to fill in with {@link Struct#set}. */
    public Struct newStruct() {
        return new Struct(schema);
    }

    @Override
    public String toString() {
        return name + "(" + validVersions + ")";
    }
}
