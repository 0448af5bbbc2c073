package io.gregor.coordination.zk;

import java.nio.charset.StandardCharsets;

/**
 * The data of {@code /controller_epoch}: the epoch as plain decimal UTF-8 text (not JSON), e.g.
 * {@code 7}. Its zkVersion is what controller writes are fenced on.
 */
public final class ControllerEpochZNode {

    /** The epoch written when the znode is first created; the first controller bumps it to 1. */
    public static final int INITIAL_EPOCH = 0;

    private ControllerEpochZNode() {
    }

    public static byte[] encode(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.UTF_8);
    }

    public static int decode(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new ZnodeParseException(path, "empty controller epoch", data);
        }
        String text = new String(data, StandardCharsets.UTF_8).trim();
        try {
            int epoch = Integer.parseInt(text);
            if (epoch < 0) {
                throw new ZnodeParseException(path, "negative controller epoch " + epoch, data);
            }
            return epoch;
        } catch (NumberFormatException e) {
            throw new ZnodeParseException(path, "controller epoch is not a decimal integer", data, e);
        }
    }
}
