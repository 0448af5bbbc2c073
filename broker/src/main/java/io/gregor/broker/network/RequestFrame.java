package io.gregor.broker.network;

import java.nio.ByteBuffer;

/**
 * One request's bytes as read from the socket (size prefix removed), with the bytes reserved for
 * it in the {@link RequestMemoryPool}, which whoever ends up holding the request must release.
 */
record RequestFrame(ByteBuffer bytes, long reservedBytes) {
}
