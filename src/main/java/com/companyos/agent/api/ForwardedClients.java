package com.companyos.agent.api;

import com.companyos.agent.traffic.TrafficSettings;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;

/**
 * The client address of a data request. A canary process is reached through its region's router, so every request
 * it gets comes from the router's address; counting refusals by that address would let one client's bad tokens lock
 * every client out of the canary. A request that carries the router's forward key (from the split, checked in
 * constant time) is counted by the address the router names; any other request by its own peer address.
 */
@Component
class ForwardedClients {

    private final byte[] key;

    ForwardedClients(TrafficSettings settings) {
        try {
            this.key = settings.forwardKeyFile() == null ? null
                    : Files.readString(settings.forwardKeyFile(), StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the forward key " + settings.forwardKeyFile(), e);
        }
    }

    String address(HttpServletRequest request) {
        if (key != null) {
            String offered = request.getHeader(CanaryForwarder.FORWARD_KEY);
            String client = request.getHeader(CanaryForwarder.FORWARDED_FOR);
            if (offered != null && client != null && !client.isBlank()
                    && MessageDigest.isEqual(key, offered.getBytes(StandardCharsets.UTF_8))) {
                return client;
            }
        }
        return request.getRemoteAddr();
    }
}
