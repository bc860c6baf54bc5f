/**
 * The test harness every berth test reuses: real programs on loopback, each in temporary
 * directories of its own, each stopped by its own handle when the test closes it.
 *
 * <h2>Registries</h2>
 *
 * {@link io.berth.testing.TestRegistry} runs the CNCF registry ({@code docker-registry serve}):
 * plain, with htpasswd Basic auth, with token auth from a {@link io.berth.testing.TokenServer}
 * (ES256 JWTs with an {@code x5c} chain the registry verifies), with TLS from a private CA, and
 * with notification endpoints. {@link io.berth.testing.RegistryHttp} reads back what it serves. The
 * token server records every request and can shorten the lifetime of the tokens it issues; a {@link
 * io.berth.testing.FaultProxy} in front of a registry answers statuses of its own, breaks
 * connections mid-header or mid-body, redirects, stalls and edits headers, and records every
 * request's headers (a resumed download's {@code Range}).
 *
 * <pre>{@code
 * @AutoClose TestRegistry registry = TestRegistry.builder().tokenAuth().tls().start();
 * }</pre>
 *
 * <h2>Images</h2>
 *
 * {@link io.berth.testing.LayerBuilder} and {@link io.berth.testing.LayerWriter} write layer tars
 * of every entry kind (gzip, zstd or none); {@link io.berth.testing.OciLayout} writes configs,
 * manifests and indexes, right or deliberately wrong; {@link io.berth.testing.Skopeo} pushes them;
 * {@link io.berth.testing.Umoci} builds and unpacks through the real tool. {@link
 * io.berth.testing.TestImages} is the catalogue (busybox, versions, feature layers, umoci-built,
 * multi-platform, lying manifests, hostile layers, and a random layer whose exact bytes a test
 * keeps), and {@link io.berth.testing.ExpectedRootfs} says what an unpacked image must contain.
 *
 * <h2>Hostile layers</h2>
 *
 * {@link io.berth.testing.HostileLayers} is the corpus of attacks on an unpacker; a {@link
 * io.berth.testing.Canary} tells whether any of them reached outside the unpack target.
 *
 * <p>Host programs come from Debian packages (docker-registry, skopeo, umoci, busybox-static,
 * apache2-utils, openssl, attr, zstd); a missing one fails the test through {@link
 * io.berth.testing.Tools#require}, never skips it.
 */
package io.berth.testing;
