package io.gregor.broker.handlers.admin;

import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.coordination.admin.TopicAdmin;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * The wiring entry point of the admin APIs: registers CreateTopics, DeleteTopics,
 * CreatePartitions, DescribeConfigs, AlterConfigs and IncrementalAlterConfigs, and the ACL APIs
 * as a broker without an authorizer answers them ({@link AclsWithoutAuthorizer}).
 */
public final class AdminHandlers {

    private AdminHandlers() {
    }

    /**
     * @param admin           topic administration on this broker's ZooKeeper client
     * @param brokerId        this broker's id (DescribeConfigs for BROKER resources)
     * @param brokerConfig    this broker's configuration by Kafka key (defaults of topic configs, BROKER describe)
     * @param topicHasLeaders true once every partition of the topic has a leader in this broker's metadata
     * @param topicInMetadata true while the topic is in this broker's metadata
     * @param scheduler       completes waiting CreateTopics/DeleteTopics responses (no thread blocks)
     */
    public static void register(ApiHandlerRegistry registry, TopicAdmin admin, int brokerId, Map<String, String> brokerConfig,
                                Predicate<String> topicHasLeaders, Predicate<String> topicInMetadata,
                                ScheduledExecutorService scheduler) {
        TopicWaiter waiter = new TopicWaiter(scheduler);
        registry.register(ApiKey.CREATE_TOPICS, new CreateTopicsHandler(admin, brokerConfig, topicHasLeaders, waiter));
        registry.register(ApiKey.DELETE_TOPICS, new DeleteTopicsHandler(admin, topicInMetadata, waiter));
        registry.register(ApiKey.CREATE_PARTITIONS, new CreatePartitionsHandler(admin));
        registry.register(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsHandler(admin, brokerId, brokerConfig));
        registry.register(ApiKey.ALTER_CONFIGS, new AlterConfigsHandler(admin, false));
        registry.register(ApiKey.INCREMENTAL_ALTER_CONFIGS, new AlterConfigsHandler(admin, true));
        AclsWithoutAuthorizer.register(registry);
    }
}
