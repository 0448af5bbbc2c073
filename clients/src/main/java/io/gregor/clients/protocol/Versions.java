package io.gregor.clients.protocol;

/**
 * An inclusive range of protocol versions, written as in Kafka's message specs: {@code "3+"},
 * {@code "0-4"}, {@code "7"} or {@code "none"}. Immutable.
 */
public record Versions(short lowest, short highest) {
    public static final Versions NONE = new Versions((short) 0, (short) -1);
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    /** Parses {@code "N+"}, {@code "N-M"}, {@code "N"}, {@code "none"} (or an empty string). */
    public static Versions parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("none")) {
            return NONE;
        }
        try {
            if (t.endsWith("+")) {
                return new Versions(Short.parseShort(t.substring(0, t.length() - 1)), Short.MAX_VALUE);
            }
            int dash = t.indexOf('-');
            if (dash > 0) {
                return new Versions(Short.parseShort(t.substring(0, dash)), Short.parseShort(t.substring(dash + 1)));
            }
            short v = Short.parseShort(t);
            return new Versions(v, v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a version range: '" + text + "'", e);
        }
    }

    public boolean isEmpty() {
        return highest < lowest;
    }

    public boolean contains(short version) {
        return version >= lowest && version <= highest;
    }

    public boolean contains(int version) {
        return version >= lowest && version <= highest;
    }

    /** The versions in both ranges (possibly empty). */
    public Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return hi < lo ? NONE : new Versions(lo, hi);
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? Short.toString(lowest) : lowest + "-" + highest;
    }
}
