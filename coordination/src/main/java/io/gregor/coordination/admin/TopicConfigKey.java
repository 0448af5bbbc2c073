package io.gregor.coordination.admin;

import java.util.List;

/**
 * One topic-level config Gregor knows: its name, value type, Kafka's default, the broker configs
 * that supply the default (most specific first, each with the factor converting its unit to the
 * topic config's unit, e.g. {@code log.retention.hours} x 3,600,000 for {@code retention.ms}), and
 * the allowed values or lower bound.
 */
public record TopicConfigKey(String name, Type type, String defaultValue, List<BrokerSynonym> brokerSynonyms,
                             List<String> allowedValues, Long minimum) {

    /** Kafka's config types, with the code DescribeConfigs v3+ reports. */
    public enum Type {
        BOOLEAN(1), STRING(2), INT(3), LONG(5), DOUBLE(6), LIST(7);

        public final byte code;

        Type(int code) {
            this.code = (byte) code;
        }
    }

    /** A broker config giving this topic config's default, in units {@code factor} times larger. */
    public record BrokerSynonym(String name, long factor) {
    }

    public TopicConfigKey {
        brokerSynonyms = List.copyOf(brokerSynonyms);
        allowedValues = List.copyOf(allowedValues);
    }

    /**
     * Checks a value; returns null if valid, else why not.
     */
    public String validate(String value) {
        if (value == null) {
            return "value must not be null";
        }
        String trimmed = value.trim();
        switch (type) {
            case BOOLEAN -> {
                if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
                    return "expected true or false";
                }
            }
            case INT, LONG -> {
                long parsed;
                try {
                    parsed = type == Type.INT ? Integer.parseInt(trimmed) : Long.parseLong(trimmed);
                } catch (NumberFormatException e) {
                    return "expected " + (type == Type.INT ? "an int" : "a long");
                }
                if (minimum != null && parsed < minimum) {
                    return "must be at least " + minimum;
                }
            }
            case DOUBLE -> {
                double parsed;
                try {
                    parsed = Double.parseDouble(trimmed);
                } catch (NumberFormatException e) {
                    return "expected a number";
                }
                if (minimum != null && parsed < minimum) {
                    return "must be at least " + minimum;
                }
            }
            case STRING -> {
                if (!allowedValues.isEmpty() && !allowedValues.contains(trimmed)) {
                    return "must be one of " + allowedValues;
                }
            }
            case LIST -> {
                if (!allowedValues.isEmpty()) {
                    for (String item : trimmed.split(",")) {
                        if (!allowedValues.contains(item.trim())) {
                            return "'" + item.trim() + "' is not one of " + allowedValues;
                        }
                    }
                }
            }
        }
        return null;
    }
}
