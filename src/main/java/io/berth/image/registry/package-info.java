/**
 * A client of the OCI distribution API: references, auth challenges and tokens, manifests, blobs,
 * retries.
 *
 * <p>{@link io.berth.image.registry.RegistryClient} is the surface; each operation is a small
 * {@code RegistryOperation} ({@code ManifestPuller}, {@code ManifestChecker}, {@code BlobOpener},
 * {@code BlobPuller}) sent through {@code RegistryChannel.send}, the one place that answers auth
 * challenges, retries, follows redirects and turns error answers into messages. Beneath it, {@code
 * Transport.send} sends one {@code Request} and hands back one {@code Response}, the package's own
 * records: no type of the HTTP library appears in an operation.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li><b>tlsVerify false</b> (or {@code insecure: true}) for a host: berth first speaks HTTPS
 *       without checking the certificate; if the TLS handshake fails, it speaks plain HTTP to that
 *       host from then on, as Docker and podman do for insecure registries. Plain HTTP is never
 *       used for any other host.
 *   <li><b>Credentials</b> go only to the host they are configured for, and to its token service
 *       over HTTPS, or over plain HTTP when the token service is on the same host name or is itself
 *       configured tlsVerify false. Redirect targets on another origin (blob storage) get no
 *       Authorization header. No password or token appears in a message, log or {@code toString()}.
 *   <li><b>Retries</b>: 5xx (but 501 and 505), 408, 429 and broken or timed-out connections; {@link
 *       io.berth.image.registry.RetryPolicy#defaults()} is five attempts, about 0.5, 1, 2 and 4 s
 *       apart with jitter, within a minute; Retry-After is honoured up to 30 s. TLS failures and
 *       other 4xx answers are not retried.
 *   <li><b>Timeouts</b>: 10 s to connect; 30 s for the TLS handshake, for the headers of an answer
 *       and for each read of a body (the socket's read timeout), so a stalled layer download fails
 *       and can be resumed while a slow one goes on.
 *   <li><b>HTTP</b> is the JDK's blocking {@link java.net.HttpURLConnection}, HTTP/1.1 only, not
 *       the JDK's newer asynchronous HttpClient, because berth's pull is measured cold against
 *       podman on 2 cores: an 80 MiB blob over loopback through this client took about 0.8 s and
 *       1.4 s of CPU in a fresh JVM with HttpClient, 0.3 s and 0.5 s with HttpURLConnection (most
 *       of it the first TLS attempt), and warm 0.15-0.25 s and 0.25-0.45 s against 0.06 s and
 *       0.04-0.09 s ({@code BlobDownloadBenchmark}). Its socket I/O suits virtual threads. The JDK
 *       may neither follow redirects nor answer 401s itself. Connections are kept alive in the
 *       JDK's process-wide cache: an answer's body read to its end (or skipped, when the rest has
 *       already arrived) gives its connection back; a body closed early drops it. Idle connections
 *       are the JDK's to close (after 5 s); {@code close()} of a client leaves the streams its
 *       callers still hold to them.
 * </ul>
 *
 * <p>May depend on: {@code image.oci}, {@code spec}.
 */
package io.berth.image.registry;
