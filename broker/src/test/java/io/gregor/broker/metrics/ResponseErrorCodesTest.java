package io.gregor.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.FetchResponse;
import io.gregor.clients.protocol.schemas.MetadataResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses;
import io.gregor.clients.protocol.schemas.ProduceResponse.Responses.PartitionResponses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseErrorCodesTest {
    private static int count(ApiKey api, short version, Struct response, List<Short> errors) {
        ResponseErrorCodes codes = ResponseErrorCodes.of(ApiMessages.response(api).schema(), version);
        return codes.count(response, errors::add);
    }

    @Test
    void everyPartitionOfAProduceResponseCountsOnceWithItsError() {
        Struct response = ApiMessages.response(ApiKey.PRODUCE).newStruct();
        Struct a = response.addElement(ProduceResponse.RESPONSES).set(Responses.NAME, "a");
        a.addElement(Responses.PARTITION_RESPONSES).set(PartitionResponses.INDEX, 0)
                .set(PartitionResponses.ERROR_CODE, Errors.NONE.code());
        a.addElement(Responses.PARTITION_RESPONSES).set(PartitionResponses.INDEX, 1)
                .set(PartitionResponses.ERROR_CODE, Errors.MESSAGE_TOO_LARGE.code());
        response.addElement(ProduceResponse.RESPONSES).set(Responses.NAME, "b")
                .addElement(Responses.PARTITION_RESPONSES).set(PartitionResponses.INDEX, 0)
                .set(PartitionResponses.ERROR_CODE, Errors.NONE.code());
        List<Short> errors = new ArrayList<>();
        assertEquals(2, count(ApiKey.PRODUCE, (short) 9, response, errors));
        assertEquals(List.of(Errors.MESSAGE_TOO_LARGE.code()), errors);
    }

    @Test
    void aMetadataResponseCountsEachTopicsAndEachPartitionsError() {
        Struct response = ApiMessages.response(ApiKey.METADATA).newStruct();
        Struct topic = response.addElement(MetadataResponse.TOPICS).set(MetadataResponse.Topics.NAME, "t")
                .set(MetadataResponse.Topics.ERROR_CODE, Errors.NONE.code());
        topic.addElement(MetadataResponse.Topics.PARTITIONS)
                .set(MetadataResponse.Topics.Partitions.ERROR_CODE, Errors.LEADER_NOT_AVAILABLE.code());
        response.addElement(MetadataResponse.TOPICS).set(MetadataResponse.Topics.NAME, "gone")
                .set(MetadataResponse.Topics.ERROR_CODE, Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        List<Short> errors = new ArrayList<>();
        assertEquals(1, count(ApiKey.METADATA, (short) 12, response, errors));
        assertEquals(List.of(Errors.LEADER_NOT_AVAILABLE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code()), errors);
    }

    @Test
    void onlyTheErrorCodesOfTheResponsesVersionCount() {
        Struct response = ApiMessages.response(ApiKey.FETCH).newStruct().set(FetchResponse.ERROR_CODE, Errors.NONE.code());
        response.addElement(FetchResponse.RESPONSES).set(FetchResponse.Responses.TOPIC, "t")
                .addElement(FetchResponse.Responses.PARTITIONS).set(FetchResponse.Responses.Partitions.PARTITION_INDEX, 0)
                .set(FetchResponse.Responses.Partitions.ERROR_CODE, Errors.NONE.code());
        assertEquals(1, count(ApiKey.FETCH, (short) 4, response, new ArrayList<>()), "v4 has partition errors only");
        assertEquals(2, count(ApiKey.FETCH, (short) 7, response, new ArrayList<>()), "v7 adds the top-level error");
    }
}
