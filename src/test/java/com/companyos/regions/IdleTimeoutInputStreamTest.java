package com.companyos.regions;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleTimeoutInputStreamTest {

    @Test
    void a_stream_that_keeps_sending_is_read_to_its_end() throws IOException {
        try (InputStream in = new IdleTimeoutInputStream(new ByteArrayInputStream("proof bundle".getBytes()), Duration.ofSeconds(5), "eu-west agent")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("proof bundle");
        }
    }

    @Test
    void a_sender_that_stalls_releases_the_blocked_reader_with_a_clear_error() throws IOException {
        PipedOutputStream sender = new PipedOutputStream();
        PipedInputStream received = new PipedInputStream(sender);
        sender.write("first bytes".getBytes());
        long started = System.nanoTime();
        try (InputStream in = new IdleTimeoutInputStream(received, Duration.ofMillis(400), "eu-west agent")) {
            assertThat(in.readNBytes(11)).isEqualTo("first bytes".getBytes());
            // Nothing more is sent, and the sender never closes: without the watchdog this read would block for ever.
            assertThatThrownBy(in::read).isInstanceOf(IOException.class)
                    .hasMessage("The eu-west agent sent nothing for 400 ms; the download was stopped");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        sender.close();
    }
}
