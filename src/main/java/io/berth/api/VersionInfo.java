package io.berth.api;

/**
 * What an agent runs: {@code GET /v1/version}.
 *
 * @param version berth's version
 * @param api the API version the agent serves ({@code v1})
 * @param java the Java runtime's version
 * @param os the operating system and kernel release
 * @param arch the machine architecture
 */
public record VersionInfo(String version, String api, String java, String os, String arch) {}
