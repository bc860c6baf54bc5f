/**
 * The agent's primary configuration: where it comes from and what it says.
 *
 * <p>{@link io.berth.config.ConfigParser} reads berth's own format (YAML, or JSON with comments and
 * trailing commas) and imports Frontloader's primary config unchanged, into a {@link
 * io.berth.spec.BerthConfig}; every error is a {@link io.berth.config.ConfigException} naming the
 * source, line, column and field. {@link io.berth.config.ConfigSources} finds the {@link
 * io.berth.config.ConfigSource} from the command line and the environment, through a meta config (a
 * plain URL or path, an AWS Secrets Manager secret) or the EC2 user-data, as Frontloader does.
 *
 * <p>{@link io.berth.config.ContainerPilotImport} turns a ContainerPilot v2 config (a template
 * rendered first) into a berth service declaration, listing what it cannot carry over.
 *
 * <p>May depend on: {@code spec}, {@code template}.
 */
package io.berth.config;
