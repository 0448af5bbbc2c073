package io.gregor.clients.record;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.xerial.snappy.SnappyError;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The compressing and decompressing streams of each codec, in the byte formats Kafka uses for
 * record batch v2 (and, with the LZ4 quirk of magic 0, for message formats v0 and v1): gzip (RFC 1952), snappy in snappy-java's framed stream format, LZ4 frames and
 * zstd frames. The streams returned must be closed: closing an output stream finishes its frame,
 * closing an input stream frees native buffers.
 */
public final class CompressionStreams {
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int GZIP_BUFFER_SIZE = 8 * 1024;

    private CompressionStreams() {
    }

    /** A stream that compresses what is written to it into {@code out}; NONE returns {@code out}. */
    public static OutputStream wrapForOutput(Compression compression, OutputStream out) {
        return wrapForOutput(compression, out, RecordBatch.MAGIC);
    }

    /**
     * As {@link #wrapForOutput(Compression, OutputStream)} for the records of message format
     * {@code magic}: the same streams, except that LZ4 for magic 0 writes Kafka's old header checksum.
     */
    public static OutputStream wrapForOutput(Compression compression, OutputStream out, byte magic) {
        try {
            return switch (compression.type()) {
                case NONE -> out;
                case GZIP -> new BufferedOutputStream(new LeveledGzipOutputStream(out, compression.level()), BUFFER_SIZE);
                case SNAPPY -> new SnappyOutputStream(out);
                case LZ4 -> new Lz4FrameOutputStream(out, compression.level(), magic == LegacyRecord.MAGIC_V0);
                case ZSTD -> new BufferedOutputStream(
                        new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE, compression.level()), BUFFER_SIZE);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + compression.type().configName + " stream", e);
        }
    }

    /**
     * A stream of the decompressed bytes of {@code compressed} (position..limit; the buffer itself
     * is not moved). Starting it may already fail on a bad stream header: that raises
     * {@link CorruptRecordException}.
     */
    public static InputStream wrapForInput(CompressionType type, ByteBuffer compressed) {
        return wrapForInput(type, compressed, RecordBatch.MAGIC);
    }

    /**
     * As {@link #wrapForInput(CompressionType, ByteBuffer)} for the records of message format
     * {@code magic}: LZ4 frames of magic 0 are read without checking their header checksum.
     */
    public static InputStream wrapForInput(CompressionType type, ByteBuffer compressed, byte magic) {
        InputStream raw = new ByteBufferInputStream(compressed.duplicate());
        try {
            return switch (type) {
                case NONE -> raw;
                case GZIP -> new BufferedInputStream(new GZIPInputStream(raw, GZIP_BUFFER_SIZE), BUFFER_SIZE);
                case SNAPPY -> new BufferedInputStream(new SnappyErrorsAsIOExceptions(raw), BUFFER_SIZE);
                case LZ4 -> new Lz4FrameInputStream(compressed, magic == LegacyRecord.MAGIC_V0);
                case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(raw, RecyclingBufferPool.INSTANCE), BUFFER_SIZE);
            };
        } catch (IOException e) {
            throw new CorruptRecordException("cannot start " + type.configName + " decompression: " + e.getMessage(), e);
        }
    }

    /**
     * snappy-java signals some malformed input (such as an impossible chunk size) with
     * {@link SnappyError}, an Error; batches come from untrusted peers, so turn those into
     * IOExceptions like every other decoding failure.
     */
    private static final class SnappyErrorsAsIOExceptions extends InputStream {
        private final SnappyInputStream in;

        SnappyErrorsAsIOExceptions(InputStream raw) throws IOException {
            try {
                this.in = new SnappyInputStream(raw);
            } catch (SnappyError e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SnappyError e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SnappyError e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (SnappyError e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** GZIPOutputStream at a chosen deflate level. */
    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, GZIP_BUFFER_SIZE);
            def.setLevel(level);
        }
    }

    /** Reads a byte buffer's remaining bytes, moving only its own duplicate. */
    static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInputStream(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) {
            int k = (int) Math.max(0, Math.min(n, buffer.remaining()));
            buffer.position(buffer.position() + k);
            return k;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }
    }
}
