package io.gregor.clients.producer;

import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.ConfigValues;
import io.gregor.clients.record.Compression;
import io.gregor.clients.record.CompressionType;

/**
 * The producer's settings, Kafka's names and defaults: {@code acks} (all), {@code linger.ms} (5),
 * {@code batch.size} (16384), {@code compression.type} (none), {@code retries} (Integer.MAX_VALUE),
 * {@code delivery.timeout.ms} (120000), {@code enable.idempotence} (true), {@code max.request.size}
 * (1048576), {@code buffer.memory} (33554432), {@code max.block.ms} (60000), plus the common ones.
 * Idempotence needs acks=all, retries > 0 and at most 5 in-flight requests: asked for explicitly with
 * other settings it is an error; left at its default it is quietly turned off, as in Kafka.
 * {@code transactional.id} (none) makes the producer transactional; it needs idempotence, so it
 * counts as asking for it. {@code transaction.timeout.ms} (60000) is the longest a transaction may
 * stay open before the coordinator aborts it.
 */
public record ProducerConfig(CommonClientConfig common, short acks, long lingerMs, int batchSize, Compression compression,
                             int retries, long deliveryTimeoutMs, boolean idempotence, int maxRequestSize,
                             long bufferMemory, long maxBlockMs, String transactionalId, int transactionTimeoutMs) {

    public static ProducerConfig from(ConfigValues c) {
        CommonClientConfig common = CommonClientConfig.from(c, "gregor-producer");
        String transactionalId = c.getString("transactional.id", null);
        if (transactionalId != null && transactionalId.isEmpty()) {
            throw new IllegalArgumentException("config transactional.id must not be empty");
        }
        int transactionTimeoutMs = c.getInt("transaction.timeout.ms", 60000);
        if (transactionTimeoutMs < 1) {
            throw new IllegalArgumentException("config transaction.timeout.ms=" + transactionTimeoutMs + " must be >= 1");
        }
        String acksValue = c.getChoice("acks", "all", "all", "-1", "0", "1");
        short acks = (short) (acksValue.equals("all") ? -1 : Integer.parseInt(acksValue));
        String codec = c.getChoice("compression.type", "none", "none", "gzip", "snappy", "lz4", "zstd");
        Compression compression = Compression.of(CompressionType.forName(codec));
        int retries = c.getInt("retries", Integer.MAX_VALUE);
        boolean explicitIdempotence = c.contains("enable.idempotence") || transactionalId != null;
        boolean idempotence = c.getBoolean("enable.idempotence", true);
        if (transactionalId != null && !idempotence) {
            throw new IllegalArgumentException("cannot set a transactional.id without also enabling idempotence");
        }
        if (idempotence) {
            String conflict = null;
            if (acks != -1) {
                conflict = "acks=all";
            } else if (retries == 0) {
                conflict = "retries > 0";
            } else if (common.maxInFlightRequestsPerConnection() > 5) {
                conflict = "max.in.flight.requests.per.connection <= 5";
            }
            if (conflict != null) {
                if (explicitIdempotence) {
                    throw new IllegalArgumentException("enable.idempotence=true needs " + conflict);
                }
                idempotence = false;
            }
        }
        long linger = c.getLong("linger.ms", 5);
        int batchSize = c.getInt("batch.size", 16384);
        long deliveryTimeout = c.getLong("delivery.timeout.ms", 120000);
        if (linger < 0 || batchSize < 0 || retries < 0) {
            throw new IllegalArgumentException("linger.ms, batch.size and retries must not be negative");
        }
        if (deliveryTimeout < linger + common.requestTimeoutMs()) {
            throw new IllegalArgumentException("delivery.timeout.ms=" + deliveryTimeout
                    + " must be at least linger.ms + request.timeout.ms = " + (linger + common.requestTimeoutMs()));
        }
        return new ProducerConfig(common, acks, linger, batchSize, compression, retries, deliveryTimeout, idempotence,
                c.getInt("max.request.size", 1048576), c.getLong("buffer.memory", 33554432L),
                c.getLong("max.block.ms", 60000), transactionalId, transactionTimeoutMs);
    }

    public boolean transactional() {
        return transactionalId != null;
    }
}
