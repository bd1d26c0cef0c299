/**
 * Storage primitives under the data path: the one record store used by writes and replication, the object store,
 * set-based SQL pipelines and a short read-through cache. No policy here; callers decide first.
 */
package com.companyos.agent.store;
