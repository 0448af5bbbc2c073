package io.gregor.faults.fuzz;

/**
 * What the fuzzer does to a valid request before sending it. The first two keep a well-formed
 * frame with absurd content; the others break the encoding in the ways the issue lists.
 */
enum Mutation {
    /** Sent as built: the broker must answer it. */
    NONE(false),
    /** A numeric field set to -1, 0, 2^31-1, 32769, ... (e.g. 32769 partitions, a MaxWaitMs of 24 days). */
    EXTREME_NUMBER(false),
    /** One array given hundreds to thousands of elements (a well-formed but absurd request). */
    HUGE_ARRAY(false),
    /** 1 to 8 random bits flipped in the body. */
    BIT_FLIPS(false),
    /** The body cut short, the size prefix telling the truth. */
    TRUNCATED(false),
    /** The body cut short, the size prefix still the full size: the frame never completes. */
    TRUNCATED_UNFRAMED(true),
    /** Random bytes appended inside the frame. */
    JUNK_APPENDED(false),
    /** The 4-byte size prefix set to -1, 2^31-1 or a random size up to socket.request.max.bytes. */
    SIZE_PREFIX(true),
    /** A string, bytes, array or records length (or the header's client id length) set to -1, 2^31-1, 32767 or random. */
    LENGTH_FIELD(false),
    /** A random version and, half the time, a random api key (unknown, or one being fuzzed) in the header. */
    RANDOM_API(false),
    /** A header of a real api and version followed by random bytes. */
    RANDOM_BODY(false);

    /** True when what follows on the connection can no longer be framed: the worker closes it after this one. */
    final boolean endsConnection;

    Mutation(boolean endsConnection) {
        this.endsConnection = endsConnection;
    }
}
