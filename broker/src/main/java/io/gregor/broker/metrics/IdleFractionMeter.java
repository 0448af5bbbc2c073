package io.gregor.broker.metrics;

import com.codahale.metrics.Meter;

/**
 * A Meter marked with idle nanoseconds whose rates read as fractions of time (0..1): Kafka's
 * {@code RequestHandlerAvgIdlePercent} is a meter marked with idle nanoseconds and rated per
 * nanosecond, so its OneMinuteRate is the share of time the handler threads were idle. Dropwizard's
 * JMX reporter can only convert rates to whole time units of a second or more, so the conversion
 * from per second to per nanosecond happens here; the Count stays the idle nanoseconds marked.
 */
final class IdleFractionMeter extends Meter {
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    @Override
    public double getMeanRate() {
        return super.getMeanRate() / NANOS_PER_SECOND;
    }

    @Override
    public double getOneMinuteRate() {
        return super.getOneMinuteRate() / NANOS_PER_SECOND;
    }

    @Override
    public double getFiveMinuteRate() {
        return super.getFiveMinuteRate() / NANOS_PER_SECOND;
    }

    @Override
    public double getFifteenMinuteRate() {
        return super.getFifteenMinuteRate() / NANOS_PER_SECOND;
    }
}
