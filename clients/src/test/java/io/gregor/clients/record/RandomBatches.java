package io.gregor.clients.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random batch contents for the cross-check and round-trip tests. */
final class RandomBatches {
    private RandomBatches() {
    }

    record Rec(long timestamp, byte[] key, byte[] value, List<Header> headers) {
    }

    record Spec(CompressionType compression, TimestampType timestampType, long baseOffset, long logAppendTime,
                long producerId, short producerEpoch, int baseSequence, boolean transactional, int partitionLeaderEpoch,
                List<Rec> records) {
    }

    static Spec spec(Random r, CompressionType compression) {
        boolean idempotent = r.nextBoolean();
        long producerId = idempotent ? r.nextLong(0, Long.MAX_VALUE) : RecordBatch.NO_PRODUCER_ID;
        short epoch = idempotent ? (short) r.nextInt(0, Short.MAX_VALUE + 1) : RecordBatch.NO_PRODUCER_EPOCH;
        int baseSequence = idempotent ? r.nextInt(0, Integer.MAX_VALUE) : RecordBatch.NO_SEQUENCE;
        boolean transactional = idempotent && r.nextBoolean();
        TimestampType tsType = r.nextInt(4) == 0 ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
        long now = r.nextLong(0, 4_000_000_000_000L);
        int count = r.nextInt(10) == 0 ? r.nextInt(200, 600) : r.nextInt(1, 40);
        boolean big = r.nextInt(6) == 0;
        List<Rec> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ts = r.nextInt(20) == 0 ? RecordBatch.NO_TIMESTAMP : Math.max(0, now + r.nextLong(-100_000, 100_000));
            byte[] key = r.nextInt(4) == 0 ? null : bytes(r, r.nextInt(0, 24));
            byte[] value;
            if (r.nextInt(8) == 0) {
                value = null;
            } else if (big && i % 7 == 0) {
                value = compressibleBytes(r, r.nextInt(40_000, 140_000));
            } else {
                value = r.nextBoolean() ? bytes(r, r.nextInt(0, 300)) : compressibleBytes(r, r.nextInt(0, 600));
            }
            int headerCount = r.nextInt(3) == 0 ? r.nextInt(1, 4) : 0;
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < headerCount; h++) {
                String hk = r.nextBoolean() ? "h" + r.nextInt(100) : "ключ-" + (char) ('α' + r.nextInt(20)) + "-\uD83D\uDE00";
                headers.add(new Header(hk, r.nextInt(3) == 0 ? null : bytes(r, r.nextInt(0, 40))));
            }
            records.add(new Rec(ts, key, value, headers));
        }
        return new Spec(compression, tsType, r.nextLong(0, 1L << 40), now + 5,
                producerId, epoch, baseSequence, transactional,
                r.nextBoolean() ? RecordBatch.NO_PARTITION_LEADER_EPOCH : r.nextInt(0, 1000), records);
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Bytes with repetition, so that every codec actually shrinks them. */
    static byte[] compressibleBytes(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + (r.nextInt(8) == 0 ? r.nextInt(26) : (i / 7) % 5));
        }
        return b;
    }

    static MemoryRecords gregorBuild(Spec s) {
        MemoryRecordsBuilder b = new MemoryRecordsBuilder(Compression.of(s.compression()), s.timestampType(), s.baseOffset(),
                s.logAppendTime(), s.producerId(), s.producerEpoch(), s.baseSequence(), s.transactional(), false,
                s.partitionLeaderEpoch());
        for (Rec rec : s.records()) {
            b.append(rec.timestamp(), rec.key(), rec.value(), rec.headers());
        }
        return b.build();
    }

    static org.apache.kafka.common.record.MemoryRecords kafkaBuild(Spec s) {
        var builder = org.apache.kafka.common.record.MemoryRecords.builder(ByteBuffer.allocate(1024), (byte) 2,
                org.apache.kafka.common.compress.Compression.of(
                        org.apache.kafka.common.record.CompressionType.forId(s.compression().id)).build(),
                org.apache.kafka.common.record.TimestampType.forName(
                        s.timestampType() == TimestampType.CREATE_TIME ? "CreateTime" : "LogAppendTime"),
                s.baseOffset(), s.logAppendTime(), s.producerId(), s.producerEpoch(), s.baseSequence(),
                s.transactional(), s.partitionLeaderEpoch());
        for (Rec rec : s.records()) {
            builder.append(rec.timestamp(), rec.key(), rec.value(), kafkaHeaders(rec.headers()));
        }
        return builder.build();
    }

    static org.apache.kafka.common.header.Header[] kafkaHeaders(List<Header> headers) {
        return headers.stream()
                .map(h -> new org.apache.kafka.common.header.internals.RecordHeader(h.key(), h.value()))
                .toArray(org.apache.kafka.common.header.Header[]::new);
    }
}
