package com.companyos.base.cluster;

/**
 * An application event every console must hear, not only the one where the fact changed (a badge count, an alert,
 * a new figure on a dashboard). Implemented by small past-tense records whose fields Jackson can write and read back;
 * {@link ClusterEvents#publish} delivers them here after commit and to the other consoles by PostgreSQL NOTIFY.
 */
public interface ClusterEvent {
}
