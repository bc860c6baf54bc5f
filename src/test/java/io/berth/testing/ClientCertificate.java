package io.berth.testing;

import java.nio.file.Path;

/** A client certificate and its private key (PKCS#8), both PEM files a {@link TlsMaterial} made. */
public record ClientCertificate(Path certificate, Path key) {}
