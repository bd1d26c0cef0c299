package com.companyos.regions;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A streamed answer that gives up when the sender pauses too long: the HTTP client's request timeout covers only the
 * wait for the response headers, so a stalled body would otherwise block its reader for ever. A shared watchdog
 * interrupts a read that has waited {@code idle} without a byte (the HTTP client's stream waits interruptibly); the
 * read then fails with an {@link IOException} saying so, and the stream is closed. Time the caller spends between
 * reads does not count.
 */
final class IdleTimeoutInputStream extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final long idleNanos;
    private final String source;
    private final ScheduledFuture<?> check;
    private volatile Thread reader;
    private volatile long waitingSince;
    private volatile boolean timedOut;

    IdleTimeoutInputStream(InputStream in, Duration idle, String source) {
        super(in);
        this.idleNanos = idle.toNanos();
        this.source = source;
        long period = Math.max(50, Math.min(1000, idle.toMillis() / 4));
        this.check = WATCHDOG.scheduleAtFixedRate(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkIdle() {
        Thread waiting = reader;
        if (waiting != null && System.nanoTime() - waitingSince > idleNanos) {
            timedOut = true;
            check.cancel(false);
            waiting.interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        begin();
        try {
            return in.read();
        } catch (IOException e) {
            throw timedOut ? stalled() : e;
        } finally {
            end();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw timedOut ? stalled() : e;
        } finally {
            end();
        }
    }

    private void begin() throws IOException {
        if (timedOut) {
            throw stalled();
        }
        waitingSince = System.nanoTime();
        reader = Thread.currentThread();
    }

    private void end() throws IOException {
        reader = null;
        if (timedOut) {
            Thread.interrupted(); // the watchdog's interrupt was for this read only
            try {
                in.close();
            } catch (IOException ignored) {
                // the download is abandoned either way
            }
            throw stalled();
        }
    }

    private IOException stalled() {
        return new IOException("The " + source + " sent nothing for " + Duration.ofNanos(idleNanos).toMillis() + " ms; the download was stopped");
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
