package io.gregor.clients.protocol;

/**
 * What reading one message may cost in heap. The decoder keeps an estimate of the memory its
 * result holds (structs, lists, boxed numbers, strings, views of the input) and reports its growth
 * in steps of a few KiB; a budget that refuses throws {@link ProtocolException}, which ends the
 * read. It exists because a frame of tiny elements decodes to tens of times its size (a 3-byte
 * JoinGroup protocol entry becomes a struct, a list slot, two values): the network layer charges
 * these bytes to the memory it bounds, and refuses a request that would take too much.
 */
@FunctionalInterface
public interface DecodeBudget {
    /** No limit, no accounting (clients reading responses, tests). */
    DecodeBudget UNLIMITED = bytes -> { };

    /**
     * Adds {@code bytes} to what the message being read holds.
     *
     * @throws ProtocolException to stop the read; its message says why (the decoder adds the context)
     */
    void charge(long bytes);

    /** A budget refusing once the total charged passes {@code maxBytes}. Single use, single thread. */
    static DecodeBudget atMost(long maxBytes) {
        return new DecodeBudget() {
            private long total;

            @Override
            public void charge(long bytes) {
                total += bytes;
                if (total > maxBytes) {
                    throw new ProtocolException("decoding needs more than " + maxBytes + " bytes of memory");
                }
            }
        };
    }
}
