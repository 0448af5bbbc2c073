package io.gregor.clients.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Reads one LZ4 frame (format v1.6) from a buffer, one block at a time, as Kafka and librdkafka
 * write them: any of the 64 KiB..4 MiB block sizes, optional block checksums, content size and
 * content checksum (all verified when present), stored and compressed blocks. Frames with a
 * dictionary id or reserved bits set are rejected. Memory use is one block (a per-thread cached
 * array, returned on close; do not use the stream after closing it). For message format v0 the
 * header checksum is not checked, as Kafka does: old writers computed it over the wrong bytes
 * (see {@link Lz4FrameOutputStream}). Not thread safe.
 */
final class Lz4FrameInputStream extends InputStream {
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    private final ByteBuffer in; // little-endian view of the frame
    private final boolean blockChecksums;
    private final StreamingXXHash32 contentHash; // null when the frame carries no content checksum
    private final int maxBlockSize;
    private byte[] block; // from ThreadBufferCache, given back on close
    private int blockPos;
    private int blockLimit;
    private boolean finished;

    Lz4FrameInputStream(ByteBuffer frame) throws IOException {
        this(frame, false);
    }

    /** @param ignoreHeaderChecksum true for magic 0, whose writers may have computed it over the wrong bytes */
    Lz4FrameInputStream(ByteBuffer frame, boolean ignoreHeaderChecksum) throws IOException {
        in = frame.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 7) {
            throw new IOException("LZ4 frame of " + in.remaining() + " bytes is shorter than its header");
        }
        int magic = in.getInt();
        if (magic != Lz4FrameOutputStream.MAGIC) {
            throw new IOException("LZ4 frame magic 0x" + Integer.toHexString(magic) + " is not 0x184d2204");
        }
        int descriptorStart = in.position();
        int flg = in.get() & 0xFF;
        int bd = in.get() & 0xFF;
        if ((flg >>> 6) != 1) {
            throw new IOException("LZ4 frame version " + (flg >>> 6) + " is not 1");
        }
        if ((flg & 0x03) != 0) {
            throw new IOException("LZ4 frame FLG byte 0x" + Integer.toHexString(flg) + " has reserved or dictionary-id bits set");
        }
        if ((bd & 0x8F) != 0) {
            throw new IOException("LZ4 frame BD byte 0x" + Integer.toHexString(bd) + " has reserved bits set");
        }
        int blockSizeId = (bd >>> 4) & 0x07;
        if (blockSizeId < 4) {
            throw new IOException("LZ4 frame block size id " + blockSizeId + " is not one of 4..7");
        }
        blockChecksums = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        if (contentSize) {
            if (in.remaining() < 9) {
                throw new IOException("LZ4 frame ends inside its content size field");
            }
            in.position(in.position() + 8);
        }
        int descriptorLength = in.position() - descriptorStart;
        byte expected = (byte) ((Lz4FrameOutputStream.XXHASH.hash(in, descriptorStart, descriptorLength, 0) >> 8) & 0xFF);
        byte actual = in.get();
        if (actual != expected && !ignoreHeaderChecksum) {
            throw new IOException("LZ4 frame header checksum 0x" + Integer.toHexString(actual & 0xFF) + " does not match 0x"
                    + Integer.toHexString(expected & 0xFF));
        }
        contentHash = contentChecksum ? XXHashFactory.fastestInstance().newStreamingHash32(0) : null;
        maxBlockSize = 1 << (8 + 2 * blockSizeId);
        block = ThreadBufferCache.take(maxBlockSize);
    }

    /** Loads the next block; returns false at the end mark. */
    private boolean nextBlock() throws IOException {
        if (finished) {
            return false;
        }
        if (in.remaining() < 4) {
            throw new IOException("LZ4 frame ends before its end mark");
        }
        int sizeField = in.getInt();
        if (sizeField == 0) {
            finished = true;
            if (contentHash != null) {
                if (in.remaining() < 4) {
                    throw new IOException("LZ4 frame ends inside its content checksum");
                }
                int stored = in.getInt();
                if (stored != contentHash.getValue()) {
                    throw new IOException("LZ4 frame content checksum mismatch");
                }
            }
            return false;
        }
        boolean stored = (sizeField & Lz4FrameOutputStream.UNCOMPRESSED_BLOCK_BIT) != 0;
        int size = sizeField & ~Lz4FrameOutputStream.UNCOMPRESSED_BLOCK_BIT;
        if (size > maxBlockSize) {
            throw new IOException("LZ4 block of " + size + " bytes exceeds the frame's maximum of " + maxBlockSize);
        }
        if (in.remaining() < size + (blockChecksums ? 4 : 0)) {
            throw new IOException("LZ4 block of " + size + " bytes runs past the end of the frame");
        }
        int start = in.position();
        if (blockChecksums) {
            int hash = Lz4FrameOutputStream.XXHASH.hash(in, start, size, 0);
            if (hash != in.getInt(start + size)) {
                throw new IOException("LZ4 block checksum mismatch");
            }
        }
        if (stored) {
            in.get(start, block, 0, size);
            blockLimit = size;
        } else {
            try {
                blockLimit = DECOMPRESSOR.decompress(in, start, size, ByteBuffer.wrap(block), 0, maxBlockSize);
            } catch (LZ4Exception e) {
                throw new IOException("LZ4 block does not decompress: " + e.getMessage(), e);
            }
        }
        in.position(start + size + (blockChecksums ? 4 : 0));
        if (contentHash != null) {
            contentHash.update(block, 0, blockLimit);
        }
        blockPos = 0;
        return true;
    }

    @Override
    public int read() throws IOException {
        while (blockPos == blockLimit) {
            if (!nextBlock()) {
                return -1;
            }
        }
        return block[blockPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (blockPos == blockLimit) {
            if (!nextBlock()) {
                return -1;
            }
        }
        int n = Math.min(len, blockLimit - blockPos);
        System.arraycopy(block, blockPos, b, off, n);
        blockPos += n;
        return n;
    }

    @Override
    public int available() {
        return blockLimit - blockPos;
    }

    @Override
    public void close() {
        if (block != null) {
            ThreadBufferCache.give(block);
            block = null;
            blockPos = blockLimit = 0;
            finished = true;
        }
        if (contentHash != null) {
            contentHash.close();
        }
    }
}
