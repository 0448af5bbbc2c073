/**
 * Dynamic configuration: the broker side of {@code /config/changes} notifications, so that a
 * topic's config altered in ZooKeeper reaches the running logs without a restart.
 */
package io.gregor.coordination.config;
