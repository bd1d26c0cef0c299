package com.companyos.pki;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and writes PEM files. Private keys are written owner-read/write only, and atomically. */
public final class Pem {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Pem() {
    }

    public static List<X509Certificate> readCertificates(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return readCertificates(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read certificates from " + file, e);
        }
    }

    public static List<X509Certificate> readCertificates(String pem) {
        try {
            return readCertificates(new StringReader(pem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<X509Certificate> readCertificates(Reader reader) throws IOException {
        List<X509Certificate> result = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    result.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("Invalid certificate: " + e.getMessage(), e);
        }
        if (result.isEmpty()) {
            throw new IOException("No certificate found");
        }
        return result;
    }

    public static PrivateKey readPrivateKey(Path file) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException("No private key found");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read private key from " + file, e);
        }
    }

    public static java.security.PublicKey readPublicKey(Path file) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            Object o = parser.readObject();
            if (o instanceof org.bouncycastle.asn1.x509.SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
            if (o instanceof X509CertificateHolder holder) {
                return new JcaPEMKeyConverter().getPublicKey(holder.getSubjectPublicKeyInfo());
            }
            throw new IOException("No public key found");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read public key from " + file, e);
        }
    }

    public static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                // Private keys as PKCS#8 ("PRIVATE KEY"): what openssl, Spring Boot and Tomcat all read.
                writer.writeObject(o instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void writePublic(Path file, String pem) {
        write(file, pem, false);
    }

    public static void writePrivate(Path file, String pem) {
        write(file, pem, true);
    }

    private static void write(Path file, String content, boolean secret) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret && supportsPosix(file)) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    static boolean supportsPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    static void restrictDirectory(Path dir) throws IOException {
        if (supportsPosix(dir)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
