/**
 * Handlers of the admin APIs (topic creation and deletion, partition addition, config description
 * and alteration) on top of {@link io.gregor.coordination.admin.TopicAdmin}; wired through
 * {@link io.gregor.broker.handlers.admin.AdminHandlers#register}.
 */
package io.gregor.broker.handlers.admin;
