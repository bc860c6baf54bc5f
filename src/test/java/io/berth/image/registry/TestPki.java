package io.berth.image.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keys and certificates made with openssl for the tests: a CA, a server cert, a signing cert. */
record TestPki(Path caCert, Path serverCert, Path serverKey) {

  /** A CA and a server certificate for 127.0.0.1 and localhost signed by it. */
  static TestPki create(Path dir) throws IOException, InterruptedException {
    Processes.run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-subj",
        "/CN=berth test CA",
        "-days",
        "2");
    Processes.run(
        dir,
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1");
    Files.writeString(
        dir.resolve("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
            + "basicConstraints=CA:FALSE\n"
            + "extendedKeyUsage=serverAuth\n");
    Processes.run(
        dir,
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "server.ext");
    return new TestPki(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
  }

  /** A self-signed RSA key and certificate for signing tokens: {key, cert}. */
  static Path[] signingKey(Path dir) throws IOException, InterruptedException {
    Processes.run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "token.key",
        "-out",
        "token.crt",
        "-subj",
        "/CN=berth test token signer",
        "-days",
        "2");
    return new Path[] {dir.resolve("token.key"), dir.resolve("token.crt")};
  }
}
