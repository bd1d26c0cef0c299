package com.companyos.probes.internal;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * This console process: an ID for leases and runs (host and PID, and a random part so a restarted process with the
 * same PID is another instance), and the address of its own web server (where the login probe signs in when no
 * console URL is configured).
 */
@Component
class ConsoleInstance {

    private final String id = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private volatile int port = -1;

    @EventListener
    void started(WebServerInitializedEvent event) {
        // The first connector reported is server.port (plain HTTP in the embedded default); later ones are the others.
        if (port < 0 && event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    String id() {
        return id;
    }

    /** This instance's own web address, or null before its web server started. */
    String localUrl() {
        return port < 0 ? null : "http://localhost:" + port;
    }
}
