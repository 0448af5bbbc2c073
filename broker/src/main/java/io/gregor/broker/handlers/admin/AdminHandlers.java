package io.gregor.broker.handlers.admin;

import io.gregor.broker.config.DynamicBrokerConfig;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.zk.ConfigEntityStore;

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
     * @param brokerConfig    this broker's configuration, static and dynamic (defaults of topic configs, BROKER resources)
     * @param configEntities  the dynamic config entities in ZooKeeper ({@code /config/brokers/...})
     * @param reloadBrokerConfig re-reads this broker's dynamic configs (after it wrote them)
     * @param topicHasLeaders true once every partition of the topic has a leader in this broker's metadata
     * @param topicInMetadata true while the topic is in this broker's metadata
     * @param scheduler       completes waiting CreateTopics/DeleteTopics responses (no thread blocks)
     */
    public static void register(ApiHandlerRegistry registry, TopicAdmin admin, DynamicBrokerConfig brokerConfig,
                                ConfigEntityStore configEntities, Runnable reloadBrokerConfig, Predicate<String> topicHasLeaders,
                                Predicate<String> topicInMetadata, ScheduledExecutorService scheduler) {
        int brokerId = brokerConfig.staticConfig().brokerId();
        TopicWaiter waiter = new TopicWaiter(scheduler);
        BrokerConfigResource brokers = new BrokerConfigResource(configEntities, brokerConfig, brokerId, reloadBrokerConfig);
        registry.register(ApiKey.CREATE_TOPICS, new CreateTopicsHandler(admin, () -> DescribeConfigsHandler.brokerLayers(brokerConfig),
                topicHasLeaders, waiter));
        registry.register(ApiKey.DELETE_TOPICS, new DeleteTopicsHandler(admin, topicInMetadata, waiter));
        registry.register(ApiKey.CREATE_PARTITIONS, new CreatePartitionsHandler(admin));
        BrokerLoggerResource loggers = new BrokerLoggerResource(brokerId);
        registry.register(ApiKey.DESCRIBE_CONFIGS, new DescribeConfigsHandler(admin, brokerId, brokerConfig, loggers));
        registry.register(ApiKey.ALTER_CONFIGS, new AlterConfigsHandler(admin, brokers, loggers, false));
        registry.register(ApiKey.INCREMENTAL_ALTER_CONFIGS, new AlterConfigsHandler(admin, brokers, loggers, true));
        AclsWithoutAuthorizer.register(registry);
    }
}
