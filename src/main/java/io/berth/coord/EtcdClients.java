package io.berth.coord;

import io.berth.spec.CoordSpec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/** Builds the jetcd client a {@link CoordSpec.Etcd} describes. */
final class EtcdClients {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * gRPC logs through java.util.logging, which writes to stderr past berth's own log; only its
   * warnings matter (held here: java.util.logging keeps loggers weakly).
   */
  private static final java.util.logging.Logger GRPC_LOG =
      java.util.logging.Logger.getLogger("io.grpc");

  static {
    GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private EtcdClients() {}

  /** {@code etcd http://a:2379,http://b:2379}, how messages name the cluster. */
  static String describe(CoordSpec.Etcd spec) {
    return "etcd "
        + spec.endpoints().stream().map(URI::toString).collect(Collectors.joining(","))
        + (spec.prefix().isEmpty() ? "" : " (prefix " + spec.prefix() + ")");
  }

  static Client build(CoordSpec.Etcd spec) throws CoordException {
    String where = describe(spec);
    ClientBuilder builder =
        Client.builder()
            .endpoints(spec.endpoints().toArray(URI[]::new))
            // requests wait for a member to be ready (a failover) rather than fail at once; the
            // store bounds each one with the spec's timeout
            .waitForReady(true)
            .retryMaxDuration(spec.timeout())
            .connectTimeout(
                spec.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? spec.timeout() : CONNECT_TIMEOUT)
            // as etcd's own client: a range of large values may exceed gRPC's 4 MiB default
            .maxInboundMessageSize(Integer.MAX_VALUE);
    if (spec.secure()) {
      builder.sslContext(sslContext(where, spec.tls()));
    }
    if (spec.username() != null) {
      builder
          .user(ByteSequence.from(spec.username(), StandardCharsets.UTF_8))
          .password(ByteSequence.from(password(where, spec.passwordFile())));
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new CoordException(where + ": cannot create a client: " + EtcdErrors.describe(e), e);
    }
  }

  private static SslContext sslContext(String where, CoordSpec.Tls tls) throws CoordException {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    if (tls != null) {
      if (tls.caFile() != null) {
        ssl.trustManager(readable(where, "coord.tls.caFile", tls.caFile()).toFile());
      }
      if (tls.certFile() != null) {
        ssl.keyManager(
            readable(where, "coord.tls.certFile", tls.certFile()).toFile(),
            readable(where, "coord.tls.keyFile", tls.keyFile()).toFile());
      }
    }
    try {
      return ssl.build();
    } catch (IOException | RuntimeException e) {
      throw new CoordException(
          where + ": cannot use the TLS files given: " + EtcdErrors.describe(e), e);
    }
  }

  /** The password: the file's first line, without its line ending. */
  private static byte[] password(String where, Path file) throws CoordException {
    String text;
    try {
      text = Files.readString(readable(where, "coord.passwordFile", file));
    } catch (IOException e) {
      throw new CoordException(
          "%s: cannot read coord.passwordFile %s: %s".formatted(where, file, e.getMessage()), e);
    }
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      throw new CoordException(
          "%s: coord.passwordFile %s holds no password on its first line".formatted(where, file));
    }
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private static Path readable(String where, String field, Path file) throws CoordException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CoordException("%s: %s %s is not a readable file".formatted(where, field, file));
    }
    return file;
  }
}
