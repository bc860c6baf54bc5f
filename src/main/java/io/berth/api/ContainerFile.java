package io.berth.api;

import java.time.Instant;

/**
 * An entry of a directory in a running container, as {@code GET /v1/containers/{id}/files} lists
 * it.
 *
 * @param index its place in the listing (by name), which {@code ?index=N} reads
 * @param name its name in the directory
 * @param path its absolute path inside the container
 * @param type {@code file}, {@code directory}, {@code symlink} or {@code other} (device, FIFO,
 *     socket)
 * @param size its size in bytes
 * @param mode its permission bits in octal, such as {@code 0644}
 * @param modified when its content last changed
 * @param target where a symbolic link points, as written in it; null for anything else
 */
public record ContainerFile(
    int index,
    String name,
    String path,
    String type,
    long size,
    String mode,
    Instant modified,
    String target) {
  /** The largest file {@code GET /v1/containers/{id}/files/{path}} reads. */
  public static final int MAX_READ_BYTES = 16 << 20;

  public static final String FILE = "file";
  public static final String DIRECTORY = "directory";
  public static final String SYMLINK = "symlink";
  public static final String OTHER = "other";
}
