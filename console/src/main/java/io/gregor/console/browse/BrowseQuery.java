package io.gregor.console.browse;

import io.gregor.console.ConsoleError;
import io.gregor.console.ConsoleRequest;
import io.gregor.console.pages.TopicPage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * What the message browser was asked for, checked: a legal topic name, a partition, where to start
 * ({@link From}: the latest {@code count} records, an offset, or the first record at or after a
 * timestamp), how many records (1 to {@link #MAX_COUNT}, {@link #DEFAULT_COUNT} by default) and how to
 * show values. Anything malformed is a 400 {@link ConsoleError} naming the field and what it must be.
 */
record BrowseQuery(String topic, int partition, From from, long offset, long timestamp, int count,
                   ValueView.Format format) {
    static final int DEFAULT_COUNT = 20;
    static final int MAX_COUNT = 500;

    enum From { LATEST, OFFSET, TIMESTAMP }

    /** The query of {@code request}, or null when no topic was picked yet. */
    static BrowseQuery parse(ConsoleRequest request) {
        String topic = request.param("topic", null);
        if (topic == null) {
            return null;
        }
        TopicPage.checkTopicName(topic);
        int partition = (int) number(request.param("partition", "0"), "The partition", 0, Integer.MAX_VALUE);
        int count = (int) number(request.param("count", Integer.toString(DEFAULT_COUNT)), "N", 1, MAX_COUNT);
        ValueView.Format format = ValueView.Format.parse(request.param("format", "auto")).orElseThrow(() ->
                ConsoleError.badRequest("The value format must be auto, text, json or hex, not '"
                        + request.param("format", "") + "'."));
        String fromName = request.param("from", "latest");
        return switch (fromName) {
            case "latest" -> new BrowseQuery(topic, partition, From.LATEST, -1, -1, count, format);
            case "offset" -> new BrowseQuery(topic, partition, From.OFFSET,
                    number(required(request, "offset", "An offset"), "The offset", 0, Long.MAX_VALUE), -1, count, format);
            case "timestamp" -> new BrowseQuery(topic, partition, From.TIMESTAMP, -1,
                    timestamp(required(request, "timestamp", "A timestamp")), count, format);
            default -> throw ConsoleError.badRequest("Start must be latest, offset or timestamp, not '" + fromName + "'.");
        };
    }

    private static String required(ConsoleRequest request, String name, String label) {
        String v = request.param(name, null);
        if (v == null) {
            throw ConsoleError.badRequest(label + " is needed to start from " + name + ".");
        }
        return v;
    }

    private static long number(String text, String label, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ConsoleError.badRequest(label + " must be a whole number, not '" + text + "'.");
        }
        if (v < min || v > max) {
            throw ConsoleError.badRequest(label + " must be " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "at least " + min : "between " + min + " and " + max) + ", not " + v + ".");
        }
        return v;
    }

    /** Epoch milliseconds, or an ISO-8601 instant ({@code 2026-01-31T12:00:00Z}) or date-time taken as UTC. */
    static long timestamp(String text) {
        if (text.chars().allMatch(Character::isDigit)) {
            return number(text, "The timestamp", 0, Long.MAX_VALUE);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw ConsoleError.badRequest("The timestamp must be milliseconds since the epoch or an ISO-8601 time "
                        + "such as 2026-01-31T12:00:00Z (UTC when no zone is given), not '" + text + "'.");
            }
        }
    }
}
