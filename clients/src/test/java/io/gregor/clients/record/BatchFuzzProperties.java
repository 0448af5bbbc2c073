package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A broker reads batches from untrusted clients: whatever bytes a batch holds, validating or
 * reading it either succeeds or raises CorruptRecordException, never another exception.
 */
class BatchFuzzProperties {
    @Property(tries = 400)
    void damagedBatchesFailOnlyWithCorruptRecordException(@ForAll("codecs") CompressionType type,
                                                          @ForAll long seed,
                                                          @ForAll @IntRange(min = 1, max = 4) int damage) {
        Random random = new Random(seed);
        MemoryRecordsBuilder builder = MemoryRecordsBuilder.builder(Compression.of(type), 0);
        int count = random.nextInt(1, 20);
        for (int i = 0; i < count; i++) {
            builder.append(1000 + i, random.nextBoolean() ? null : RandomBatches.bytes(random, random.nextInt(8)),
                    RandomBatches.compressibleBytes(random, random.nextInt(200)),
                    random.nextBoolean() ? List.of() : List.of(new Header("h", RandomBatches.bytes(random, 3))));
        }
        ByteBuffer batch = builder.build().buffer();
        for (int d = 0; d < damage; d++) {
            int at = random.nextInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, batch.limit());
            if (at < RecordBatch.HEADER_SIZE && at >= RecordBatch.BASE_TIMESTAMP_OFFSET && at < RecordBatch.RECORDS_COUNT_OFFSET) {
                continue; // timestamps and producer fields are not structural
            }
            batch.put(at, (byte) random.nextInt(256));
        }
        RawBatches.fixCrc(batch);
        RecordBatch view = new RecordBatch(batch);
        accepts(() -> BatchValidator.validateForProduce(view));
        accepts(() -> BatchValidator.validateForLog(view));
        accepts(view::recordList);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<CompressionType> codecs() {
        return net.jqwik.api.Arbitraries.of(CompressionType.class);
    }

    private static void accepts(Runnable check) {
        try {
            check.run();
        } catch (CorruptRecordException expected) {
            assertEquals(false, expected.getMessage().isEmpty());
        }
    }
}
