package io.gregor.clients.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG.Bits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The LZ4 frame codec against lz4-java's own frame implementation and the format's rules. */
class Lz4FrameTest {
    private static byte[] content(int n) {
        Random r = new Random(n);
        byte[] b = RandomBatches.compressibleBytes(r, n);
        for (int i = 0; i < n / 10; i++) {
            b[r.nextInt(n)] = (byte) r.nextInt(); // some incompressible noise
        }
        return b;
    }

    private static byte[] gregorCompress(byte[] data, int level) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = CompressionStreams.wrapForOutput(new Compression(CompressionType.LZ4, level), sink)) {
            out.write(data);
        }
        return sink.toByteArray();
    }

    private static byte[] gregorDecompress(byte[] frame) throws IOException {
        try (InputStream in = CompressionStreams.wrapForInput(CompressionType.LZ4, ByteBuffer.wrap(frame))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 65536, 65537, 300_000})
    void framesWeWriteHaveKafkasHeaderAndDecodeWithLz4Java(int size) throws IOException {
        byte[] data = content(size);
        byte[] frame = gregorCompress(data, Compression.LZ4_DEFAULT_LEVEL);
        assertEquals(0x184D2204, ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(0x60, frame[4] & 0xFF, "FLG: version 1, independent blocks, no checksums");
        assertEquals(0x40, frame[5] & 0xFF, "BD: 64 KiB blocks");
        try (InputStream in = new net.jpountz.lz4.LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertArrayEquals(data, gregorDecompress(frame));
    }

    @Test
    void incompressibleBlocksAreStoredAndRead() throws IOException {
        byte[] data = RandomBatches.bytes(new Random(1), 100_000);
        byte[] frame = gregorCompress(data, Compression.LZ4_DEFAULT_LEVEL);
        int firstBlockSize = ByteBuffer.wrap(frame, 7, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0x80000000 | 65536, firstBlockSize, "stored block flagged by the high bit");
        assertArrayEquals(data, gregorDecompress(frame));
    }

    @Test
    void highCompressionLevelsRoundTrip() throws IOException {
        byte[] data = content(200_000);
        assertArrayEquals(data, gregorDecompress(gregorCompress(data, 17)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE_64KB", "SIZE_256KB", "SIZE_1MB", "SIZE_4MB"})
    void framesWithEveryOptionalFieldAreRead(String blockSize) throws IOException {
        byte[] data = content(700_000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(sink, BLOCKSIZE.valueOf(blockSize), data.length,
                Bits.BLOCK_INDEPENDENCE, Bits.BLOCK_CHECKSUM, Bits.CONTENT_SIZE, Bits.CONTENT_CHECKSUM)) {
            out.write(data);
        }
        assertArrayEquals(data, gregorDecompress(sink.toByteArray()));
    }

    @Test
    void corruptContentChecksumIsDetected() throws IOException {
        byte[] data = content(1000);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(sink, BLOCKSIZE.SIZE_64KB, Bits.BLOCK_INDEPENDENCE, Bits.CONTENT_CHECKSUM)) {
            out.write(data);
        }
        byte[] frame = sink.toByteArray();
        frame[frame.length - 1] ^= 1;
        IOException e = assertThrows(IOException.class, () -> gregorDecompress(frame));
        assertTrue(e.getMessage().contains("content checksum"), e.getMessage());
    }

    @Test
    void corruptHeaderChecksumIsDetected() throws IOException {
        byte[] frame = gregorCompress(content(1000), Compression.LZ4_DEFAULT_LEVEL);
        frame[6] ^= 1;
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> gregorDecompress(frame));
        assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
    }

    @Test
    void frameWithoutEndMarkIsDetected() throws IOException {
        byte[] frame = gregorCompress(content(1000), Compression.LZ4_DEFAULT_LEVEL);
        byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 4);
        IOException e = assertThrows(IOException.class, () -> gregorDecompress(cut));
        assertTrue(e.getMessage().contains("end mark"), e.getMessage());
    }
}
