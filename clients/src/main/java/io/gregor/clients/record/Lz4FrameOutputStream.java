package io.gregor.clients.record;

import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Writes one LZ4 frame the way Kafka writes it for record batch v2: magic 0x184D2204, FLG with
 * version 1 and independent blocks (no block checksums, no content size, no content checksum),
 * BD with 64 KiB maximum blocks, a correct header checksum, then blocks (stored uncompressed, high
 * bit set in the size, when compression does not shrink them) and the zero end mark on close.
 * For message format v0 (magic 0) Kafka keeps an old bug for compatibility: the header checksum
 * is computed over the magic number and the descriptor instead of the descriptor alone; the
 * {@code brokenHeaderChecksum} constructor argument reproduces it. Not thread safe.
 */
final class Lz4FrameOutputStream extends OutputStream {
    static final int MAGIC = 0x184D2204;
    static final int BLOCK_SIZE = 64 * 1024;
    static final int UNCOMPRESSED_BLOCK_BIT = 0x80000000;
    private static final byte FLG = 0x60; // version 01, block independence
    private static final byte BD = 0x40;  // block maximum size id 4 = 64 KiB
    static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private final OutputStream out;
    private final LZ4Compressor compressor;
    private final byte[] block = new byte[BLOCK_SIZE];
    private final byte[] compressed;
    private final byte[] sizeField = new byte[4];
    private int blockLength;
    private boolean closed;

    Lz4FrameOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, false);
    }

    /** @param brokenHeaderChecksum true for magic 0: the header checksum also covers the 4 magic bytes */
    Lz4FrameOutputStream(OutputStream out, int level, boolean brokenHeaderChecksum) throws IOException {
        this.out = out;
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = level == Compression.LZ4_DEFAULT_LEVEL ? factory.fastCompressor() : factory.highCompressor(level);
        this.compressed = new byte[compressor.maxCompressedLength(BLOCK_SIZE)];
        byte[] header = new byte[7];
        putIntLE(header, 0, MAGIC);
        header[4] = FLG;
        header[5] = BD;
        header[6] = brokenHeaderChecksum ? headerChecksum(header, 0, 6) : headerChecksum(header, 4, 2);
        out.write(header);
    }

    /** The frame descriptor checksum: second byte of xxHash32 (seed 0) over the descriptor bytes. */
    static byte headerChecksum(byte[] bytes, int offset, int length) {
        return (byte) ((XXHASH.hash(bytes, offset, length, 0) >> 8) & 0xFF);
    }

    static void putIntLE(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (blockLength == BLOCK_SIZE) {
            writeBlock();
        }
        block[blockLength++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (blockLength == BLOCK_SIZE) {
                writeBlock();
            }
            int n = Math.min(len, BLOCK_SIZE - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
        }
    }

    private void writeBlock() throws IOException {
        if (blockLength == 0) {
            return;
        }
        int n = compressor.compress(block, 0, blockLength, compressed, 0, compressed.length);
        if (n >= blockLength) {
            putIntLE(sizeField, 0, blockLength | UNCOMPRESSED_BLOCK_BIT);
            out.write(sizeField);
            out.write(block, 0, blockLength);
        } else {
            putIntLE(sizeField, 0, n);
            out.write(sizeField);
            out.write(compressed, 0, n);
        }
        blockLength = 0;
    }

    @Override
    public void flush() throws IOException {
        if (!closed) {
            writeBlock();
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        writeBlock();
        putIntLE(sizeField, 0, 0);
        out.write(sizeField);
        closed = true;
        out.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("LZ4 frame stream is closed");
        }
    }
}
