package io.gregor.clients.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks the records of one batch in order, checking each record's structure: the length varint,
 * that every field lies inside the record and the fields use up exactly the declared length. For
 * an uncompressed batch the walk reads the batch buffer in place; for a compressed one it reads
 * the decompressed stream through one reusable chunk (16 KiB, grown only to hold the largest
 * record). Walking allocates nothing per record; {@link #decode()} allocates the record it returns.
 * Not thread safe; must be closed when compressed.
 */
final class RecordScanner implements AutoCloseable {
    private static final int CHUNK_SIZE = 16 * 1024;

    private final RecordBatch batch;
    private final InputStream in; // null for an uncompressed batch
    private ByteBuffer buf;       // the batch itself, or a wrap of chunk
    private byte[] chunk;
    private int pos;              // start of the next record in buf
    private int limit;            // end of readable bytes in buf
    private long chunkStart;      // decompressed bytes consumed before chunk[0]
    private boolean eof;

    // Fields of the record last walked (valid after walkNext).
    int recordIndex = -1;
    long recordPosition; // in the batch, or in the decompressed records; unaffected by chunk compaction
    int bodyStart;
    int bodyEnd;
    long timestampDelta;
    int offsetDelta;
    int keyStart;
    int keyLength;
    int valueStart;
    int valueLength;
    int headerCount;
    int headersStart;

    private int cur; // cursor inside the record body while walking

    RecordScanner(RecordBatch batch) {
        this.batch = batch;
        CompressionType type = batch.compressionType();
        ByteBuffer whole = batch.buffer();
        if (type == CompressionType.NONE) {
            this.in = null;
            this.buf = whole;
            this.pos = RecordBatch.HEADER_SIZE;
            this.limit = whole.limit();
        } else {
            this.in = CompressionStreams.wrapForInput(type, whole.position(RecordBatch.HEADER_SIZE));
            this.chunk = ThreadBufferCache.take(CHUNK_SIZE);
            this.buf = ByteBuffer.wrap(chunk);
        }
    }

    /** Walks the next record (layout: see {@link Record}), leaving its field positions in this scanner. */
    void walkNext() {
        recordIndex++;
        fill(Varint.MAX_VARINT_LENGTH);
        recordPosition = chunkStart + pos;
        if (pos == limit) {
            throw invalid("is missing: the records end after " + recordIndex + " of the " + batch.recordCount() + " the header declares");
        }
        int p = pos;
        int raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (p == limit) {
                throw invalid("is truncated inside its length varint");
            }
            byte b = buf.get(p++);
            if (shift == 28 && (b & 0xF0) != 0) {
                throw invalid("has a length varint longer than 5 bytes");
            }
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        int length = Varint.decodeZigZag(raw);
        int lengthSize = p - pos;
        if (length < 0) {
            throw invalid("has negative length " + length);
        }
        int available = fill(lengthSize + length) - lengthSize;
        if (available < length) {
            throw invalid("declares length " + length + " but only " + available + " bytes remain in the "
                    + (in == null ? "batch" : "decompressed records"));
        }
        bodyStart = pos + lengthSize;
        bodyEnd = bodyStart + length;
        cur = bodyStart;
        readByte("attributes");
        timestampDelta = readVarlong("timestamp delta");
        offsetDelta = readVarint("offset delta");
        keyLength = readVarint("key length");
        keyStart = skipBytes(keyLength, "key", true);
        valueLength = readVarint("value length");
        valueStart = skipBytes(valueLength, "value", true);
        headerCount = readVarint("header count");
        if (headerCount < 0) {
            throw invalid("has negative header count " + headerCount);
        }
        headersStart = cur;
        for (int h = 0; h < headerCount; h++) {
            int keyLen = readVarint("header key length");
            skipBytes(keyLen, "header key", false);
            int valueLen = readVarint("header value length");
            skipBytes(valueLen, "header value", true);
        }
        if (cur != bodyEnd) {
            throw invalid("declares length " + length + " but its fields use " + (cur - bodyStart) + " bytes");
        }
        pos = bodyEnd;
    }

    /** The record last walked, as a value that owns its bytes when the batch is compressed. */
    Record decode() {
        long baseOffset = batch.baseOffset();
        long timestamp = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                ? batch.maxTimestamp() : batch.baseTimestamp() + timestampDelta;
        ByteBuffer source = buf;
        int shift = 0;
        if (in != null) {
            // The chunk is reused for the next record: give this one its own copy.
            byte[] copy = Arrays.copyOfRange(chunk, bodyStart, bodyEnd);
            source = ByteBuffer.wrap(copy);
            shift = bodyStart;
        }
        ByteBuffer key = keyLength < 0 ? null : source.slice(keyStart - shift, keyLength).asReadOnlyBuffer();
        ByteBuffer value = valueLength < 0 ? null : source.slice(valueStart - shift, valueLength).asReadOnlyBuffer();
        List<Header> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
        cur = headersStart;
        for (int h = 0; h < headerCount; h++) {
            int keyLen = readVarint("header key length");
            byte[] keyBytes = new byte[keyLen];
            buf.get(cur, keyBytes);
            cur += keyLen;
            int valueLen = readVarint("header value length");
            byte[] valueBytes = null;
            if (valueLen >= 0) {
                valueBytes = new byte[valueLen];
                buf.get(cur, valueBytes);
                cur += valueLen;
            }
            headers.add(new Header(new String(keyBytes, StandardCharsets.UTF_8), valueBytes));
        }
        return new Record(baseOffset + offsetDelta, timestamp, key, value, headers);
    }

    /** Fails unless the records end exactly after the last record walked. */
    void ensureNoTrailingBytes() {
        int left = fill(1);
        if (left > 0) {
            if (in == null) {
                throw new InvalidRecordException(context() + ": " + left + " bytes follow the last of its "
                        + batch.recordCount() + " records");
            }
            throw new InvalidRecordException(context() + ": decompressed data continues after the last of its "
                    + batch.recordCount() + " records");
        }
    }


    @Override
    public void close() {
        if (in != null && chunk != null) {
            ThreadBufferCache.give(chunk);
            chunk = null;
            try {
                in.close();
            } catch (IOException e) {
                // Closing a decompression stream over memory frees native buffers only; nothing to report.
            }
        }
    }

    /** Makes at least {@code n} bytes from pos readable if the data has them; returns how many are. */
    private int fill(int n) {
        if (in == null || limit - pos >= n || eof) {
            return limit - pos;
        }
        if (pos > 0) {
            System.arraycopy(chunk, pos, chunk, 0, limit - pos);
            chunkStart += pos;
            limit -= pos;
            pos = 0;
        }
        try {
            while (limit < n) {
                if (limit == chunk.length) {
                    chunk = Arrays.copyOf(chunk, (int) Math.min(Math.max((long) chunk.length * 2, limit + 1L), Math.max(n, limit + 1L)));
                    buf = ByteBuffer.wrap(chunk);
                }
                int r = in.read(chunk, limit, chunk.length - limit);
                if (r < 0) {
                    eof = true;
                    break;
                }
                limit += r;
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException(context() + ": " + batch.compressionType().configName
                    + " decompression failed after " + (chunkStart + limit) + " bytes: " + e.getMessage(), e);
        }
        return limit - pos;
    }

    private byte readByte(String field) {
        if (cur >= bodyEnd) {
            throw truncated(field);
        }
        return buf.get(cur++);
    }

    private int readVarint(String field) {
        int raw = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = readByte(field);
            if (shift == 28 && (b & 0xF0) != 0) {
                throw invalid("has a " + field + " varint longer than 5 bytes");
            }
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return Varint.decodeZigZag(raw);
            }
        }
    }

    private long readVarlong(String field) {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = readByte(field);
            if (shift == 63 && (b & 0xFE) != 0) {
                throw invalid("has a " + field + " varlong longer than 10 bytes");
            }
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return Varint.decodeZigZag(raw);
            }
        }
    }

    /** Skips a length-prefixed field whose length was just read; returns where its bytes start. */
    private int skipBytes(int length, String field, boolean nullable) {
        if (length < (nullable ? Record.NULL_LENGTH : 0)) {
            throw invalid("has invalid " + field + " length " + length);
        }
        int start = cur;
        if (length > 0) {
            if (length > bodyEnd - cur) {
                throw invalid("has a " + field + " of " + length + " bytes but only " + (bodyEnd - cur)
                        + " bytes are left in the record");
            }
            cur += length;
        }
        return start;
    }

    private InvalidRecordException truncated(String field) {
        return invalid("is truncated: its " + field + " runs past the record's declared length " + (bodyEnd - bodyStart));
    }

    InvalidRecordException invalid(String what) {
        return new InvalidRecordException(context() + ": record #" + recordIndex + " at byte " + recordPosition
                + (in == null ? " of the batch " : " of the decompressed records ") + what);
    }

    String context() {
        return "record batch at offset " + batch.baseOffset();
    }
}
