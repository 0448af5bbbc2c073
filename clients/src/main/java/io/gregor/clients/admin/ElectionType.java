package io.gregor.clients.admin;

/** Kafka's leader election types, with their ElectLeaders codes. */
public enum ElectionType {
    /** Give leadership to the first assigned replica, when it is live and in the ISR. */
    PREFERRED(0),
    /** Elect a leader for a partition without one, from outside the ISR if need be (data may be lost). */
    UNCLEAN(1);

    public final byte code;

    ElectionType(int code) {
        this.code = (byte) code;
    }
}
