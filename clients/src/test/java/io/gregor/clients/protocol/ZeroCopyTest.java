package io.gregor.clients.protocol;

import io.gregor.clients.protocol.schemas.ApiVersionsRequest;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses;
import io.gregor.clients.protocol.schemas.FetchResponse.Responses.Partitions;
import io.gregor.clients.record.MemoryRecords;
import io.gregor.clients.record.Records;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Records payloads are referenced, not copied, both when writing and when reading. */
class ZeroCopyTest {

    private static Struct fetchResponse(Records first, Records second) {
        Struct response = ApiMessages.response(ApiKey.FETCH).newStruct();
        Struct topic = response.addElement(FetchResponse.RESPONSES).set(Responses.TOPIC, "t");
        topic.addElement(Responses.PARTITIONS).set(Partitions.PARTITION_INDEX, 0).set(Partitions.RECORDS, first);
        topic.addElement(Responses.PARTITIONS).set(Partitions.PARTITION_INDEX, 1).set(Partitions.RECORDS, second);
        return response;
    }

    @Test
    void encodingKeepsRecordsPayloadsAsSeparatePartsInOrder() {
        Records a = MemoryRecords.readableRecords(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        Records b = MemoryRecords.readableRecords(ByteBuffer.wrap(new byte[]{4, 5}));
        EncodedMessage encoded = MessageCodec.write(fetchResponse(a, b), (short) 12); // flexible: tagged fields end each struct

        List<EncodedMessage.Part> parts = encoded.parts();
        assertEquals(5, parts.size());
        assertInstanceOf(EncodedMessage.BufferPart.class, parts.get(0));
        assertSame(a, ((EncodedMessage.RecordsPart) parts.get(1)).records());
        assertInstanceOf(EncodedMessage.BufferPart.class, parts.get(2));
        assertSame(b, ((EncodedMessage.RecordsPart) parts.get(3)).records());
        assertInstanceOf(EncodedMessage.BufferPart.class, parts.get(4));
        int total = parts.stream().mapToInt(EncodedMessage.Part::sizeInBytes).sum();
        assertEquals(total, encoded.sizeInBytes());
    }

    @Test
    void decodedRecordsShareTheInputBuffer() {
        Records a = MemoryRecords.readableRecords(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        ByteBuffer frame = MessageCodec.write(fetchResponse(a, MemoryRecords.EMPTY), (short) 12).toByteBuffer();
        Struct read = MessageCodec.read(frame, ApiKey.FETCH, (short) 12, MessageType.RESPONSE);
        Struct partition = read.<Struct>getArray(FetchResponse.RESPONSES).get(0).<Struct>getArray(Responses.PARTITIONS).get(0);
        MemoryRecords records = (MemoryRecords) partition.getRecords(Partitions.RECORDS);

        assertSame(frame.array(), records.buffer().array());
        int at = records.buffer().arrayOffset();
        frame.array()[at] = 42;
        assertEquals(42, records.buffer().get(0));
    }

    @Test
    void flatteningCopiesRecordsThatAreNotInMemory() {
        Records fileLike = new Records() { // stands for a file slice: only writeTo is available
            private final byte[] data = {9, 8, 7, 6};

            @Override
            public int sizeInBytes() {
                return data.length;
            }

            @Override
            public long writeTo(WritableByteChannel channel, long position, int length) throws java.io.IOException {
                int n = Math.min(length, 1); // one byte at a time, like a slow channel
                return channel.write(ByteBuffer.wrap(data, (int) position, n));
            }
        };
        Struct viaFile = fetchResponse(fileLike, MemoryRecords.EMPTY);
        Struct inMemory = fetchResponse(MemoryRecords.readableRecords(ByteBuffer.wrap(new byte[]{9, 8, 7, 6})), MemoryRecords.EMPTY);
        assertEquals(MessageCodec.write(inMemory, (short) 4).toByteBuffer(), MessageCodec.write(viaFile, (short) 4).toByteBuffer());
    }

    @Test
    void sizePrefixAndConcatenationFrameAMessage() {
        RequestHeader header = new RequestHeader(ApiKey.API_VERSIONS.id, (short) 3, 7, "client");
        Struct body = ApiMessages.request(ApiKey.API_VERSIONS).newStruct()
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_NAME, "gregor")
                .set(ApiVersionsRequest.CLIENT_SOFTWARE_VERSION, "1");
        ByteBuffer frame = header.writeWithBody(body).withSizePrefix().toByteBuffer();

        assertEquals(frame.remaining() - 4, frame.getInt());
        assertEquals(header, RequestHeader.read(frame));
        assertEquals(body, MessageCodec.read(frame, ApiKey.API_VERSIONS, (short) 3, MessageType.REQUEST));
        assertEquals(0, frame.remaining());
    }
}
