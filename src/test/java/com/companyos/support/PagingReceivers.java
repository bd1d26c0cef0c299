package com.companyos.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The real outbound channels' other ends for paging tests: an SMTP server (GreenMail) and an HTTP webhook receiver,
 * both on free local ports, started once per test JVM (the console's mail settings point at the SMTP server).
 */
public final class PagingReceivers {

    /** A received webhook: path and body. */
    public record Hook(String path, String body) {
    }

    /** A received email: to, subject, text. */
    public record Mail(String to, String subject, String text) {
    }

    public static final int SMTP_PORT = freePort();
    private static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private static final List<Hook> HOOKS = new CopyOnWriteArrayList<>();
    private static final HttpServer HTTP = startHttp();

    static {
        SMTP.start();
    }

    private PagingReceivers() {
    }

    /** The webhook URL for {@code path} (answers 202; {@code /fail/...} answers 500). */
    public static String webhook(String path) {
        return "http://127.0.0.1:" + HTTP.getAddress().getPort() + path;
    }

    public static List<Hook> hooks(String path) {
        return HOOKS.stream().filter(h -> h.path().equals(path)).toList();
    }

    public static List<Mail> mails() {
        return java.util.Arrays.stream(SMTP.getReceivedMessages()).map(PagingReceivers::mail).toList();
    }

    public static List<Mail> mailsTo(String address) {
        return mails().stream().filter(m -> m.to().equals(address)).toList();
    }

    /** Waits until {@code condition} holds for the mails received (up to {@code within}); returns them. */
    public static List<Mail> awaitMails(Predicate<List<Mail>> condition, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<Mail> all = mails();
            if (condition.test(all)) {
                return all;
            }
            sleep();
        }
        throw new AssertionError("Mails not as expected within " + within + ": " + mails());
    }

    public static List<Hook> awaitHooks(String path, Predicate<List<Hook>> condition, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<Hook> got = hooks(path);
            if (condition.test(got)) {
                return got;
            }
            sleep();
        }
        throw new AssertionError("Webhooks to " + path + " not as expected within " + within + ": " + hooks(path));
    }

    private static Mail mail(MimeMessage m) {
        try {
            return new Mail(m.getAllRecipients()[0].toString(), m.getSubject(), String.valueOf(m.getContent()).replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer startHttp() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                HOOKS.add(new Hook(path, body));
                exchange.sendResponseHeaders(path.startsWith("/fail/") ? 500 : 202, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
