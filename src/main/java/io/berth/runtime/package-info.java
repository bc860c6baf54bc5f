/**
 * Containers through runc: the OCI runtime bundle, the overlay root filesystem, the container's
 * process, its output and its cgroup.
 *
 * <p>May depend on: {@code image}, {@code image.oci}, {@code image.unpack}, {@code runtime.spec},
 * {@code store}, {@code events}, {@code os}, {@code spec}, and {@code api} for its plain records
 * (log lines, log queries, changes), which are the API's wire format and the runtime's alike, and
 * for the restart policies' pattern, which the API checks and the runtime reads.
 */
package io.berth.runtime;
