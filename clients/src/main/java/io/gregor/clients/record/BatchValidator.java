package io.gregor.clients.record;

/**
 * Checks a record batch v2 in place, as a broker must before appending it, without decoding
 * records into objects: magic, CRC32C, header consistency, then a walk over every record boundary
 * (see {@link RecordScanner}). Uncompressed batches are read where they lie, with no allocation per
 * record; compressed batches are decompressed as a stream through one bounded buffer.
 *
 * <p>Failures raise {@link CorruptRecordException} (bad magic, CRC, lengths, undecompressable data)
 * or its subclass {@link InvalidRecordException} (malformed or inconsistent records), with a
 * message naming the batch's base offset, the record index and its byte position.
 *
 * <p>Checks that need broker state (base offset 0 from clients, producer sequences, timestamps
 * against the clock, keys on compacted topics) are the caller's; the {@link Result} carries what
 * they need. Stateless and thread safe.
 */
public final class BatchValidator {
    private BatchValidator() {
    }

    /**
     * What the walk found. Timestamps are the records' own (base timestamp plus delta), also for
     * LogAppendTime batches; {@code NO_TIMESTAMP} when there are no records.
     */
    public record Result(int recordCount, long minTimestamp, long maxTimestamp, long offsetOfMaxTimestamp,
                         boolean hasNullKey) {
    }

    /**
     * The produce-path check: at least one record, offset deltas exactly 0..n-1 and a record count
     * equal to lastOffsetDelta + 1.
     */
    public static Result validateForProduce(RecordBatch batch) {
        return validate(batch, true);
    }

    /**
     * The check for batches already in a log (recovery, replication): as for produce, but offset
     * deltas need only increase up to lastOffsetDelta, since compaction leaves gaps, and an empty
     * batch that only carries producer state is accepted.
     */
    public static Result validateForLog(RecordBatch batch) {
        return validate(batch, false);
    }

    private static Result validate(RecordBatch batch, boolean produce) {
        checkHeader(batch, produce);
        int count = batch.recordCount();
        int lastOffsetDelta = batch.lastOffsetDelta();
        long baseTimestamp = batch.baseTimestamp();
        long minTimestamp = RecordBatch.NO_TIMESTAMP;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMax = -1;
        boolean nullKey = false;
        int previousDelta = -1;
        try (RecordScanner scanner = new RecordScanner(batch)) {
            for (int i = 0; i < count; i++) {
                scanner.walkNext();
                int delta = scanner.offsetDelta;
                if (produce ? delta != i : delta <= previousDelta || delta > lastOffsetDelta) {
                    throw scanner.invalid("has offset delta " + delta + " where "
                            + (produce ? Integer.toString(i) : "a value in " + (previousDelta + 1) + ".." + lastOffsetDelta)
                            + " is expected");
                }
                previousDelta = delta;
                long timestamp = baseTimestamp + scanner.timestampDelta;
                if (i == 0 || timestamp < minTimestamp) {
                    minTimestamp = timestamp;
                }
                if (i == 0 || timestamp > maxTimestamp) {
                    maxTimestamp = timestamp;
                    offsetOfMax = batch.baseOffset() + delta;
                }
                nullKey |= scanner.keyLength < 0;
            }
            scanner.ensureNoTrailingBytes();
        }
        return new Result(count, minTimestamp, maxTimestamp, offsetOfMax, nullKey);
    }

    private static void checkHeader(RecordBatch batch, boolean produce) {
        String where = "record batch at offset " + batch.baseOffset();
        if (batch.magic() != RecordBatch.MAGIC) {
            throw new CorruptRecordException(where + " has magic " + batch.magic() + ", expected " + RecordBatch.MAGIC);
        }
        long stored = batch.checksum();
        long computed = batch.computeChecksum();
        if (stored != computed) {
            throw new CorruptRecordException(where + " has CRC " + stored + " but its content computes to " + computed);
        }
        batch.compressionType(); // rejects unknown codec ids
        int count = batch.recordCount();
        int lastOffsetDelta = batch.lastOffsetDelta();
        if (count < 0 || lastOffsetDelta < 0) {
            throw new InvalidRecordException(where + " has record count " + count + " and last offset delta " + lastOffsetDelta);
        }
        if (produce) {
            if (count == 0) {
                throw new InvalidRecordException(where + " has no records");
            }
            if ((long) lastOffsetDelta + 1 != count) {
                throw new InvalidRecordException(where + " has record count " + count + " but its offsets span "
                        + ((long) lastOffsetDelta + 1) + " (last offset delta " + lastOffsetDelta + ")");
            }
        } else {
            if ((long) count > (long) lastOffsetDelta + 1) {
                throw new InvalidRecordException(where + " has record count " + count
                        + " exceeding its offset span " + ((long) lastOffsetDelta + 1));
            }
            if (count == 0 && !batch.hasProducerId()) {
                throw new InvalidRecordException(where + " has no records and no producer id");
            }
        }
    }
}
