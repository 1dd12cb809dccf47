package net.trafficmirror.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS from PEM files (RFC 7468): a certificate chain ({@code CERTIFICATE} blocks, leaf first) and an unencrypted
 * PKCS #8 private key ({@code PRIVATE KEY}, RSA or EC), as {@code openssl req -x509 -nodes} writes them.
 */
public final class PemTls {
    private PemTls() {}

    /** A server context presenting this certificate and key. */
    public static SSLContext server(Path certificateFile, Path keyFile) throws IOException {
        try {
            Certificate[] chain = certificates(certificateFile);
            PrivateKey key = privateKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("tmirror", key, new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(certificateFile + ", " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** A client context trusting the certificates in a PEM file (a private CA, or a self-signed server). */
    public static SSLContext trusting(Path certificateFile) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] certs = certificates(certificateFile);
            for (int i = 0; i < certs.length; i++) store.setCertificateEntry("ca" + i, certs[i]);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(certificateFile + ": " + e.getMessage(), e);
        }
    }

    private static Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
        var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        if (certs.isEmpty()) throw new IOException(file + ": no CERTIFICATE block");
        return certs.toArray(new Certificate[0]);
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IOException(file + ": the key is in the legacy PKCS #1/SEC 1 form; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW'");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) throw new IOException(file + ": no unencrypted 'PRIVATE KEY' block");
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the PKCS #8 header names the algorithm; the wrong factory just refuses
            }
        }
        throw new IOException(file + ": the private key is neither RSA, EC nor Ed25519");
    }
}
