package io.berth.cli;

import io.berth.api.Berth;
import io.berth.api.ImageSummary;
import io.berth.spec.ImageRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth images}: one row per reference, as {@code docker images} shows them. */
@Command(
    name = "images",
    mixinStandardHelpOptions = true,
    description = "List the images on this host.")
class ImagesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin Output output;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only image ids.")
  boolean quiet;

  @Option(names = "--no-trunc", description = "Print full digests.")
  boolean noTrunc;

  @Override
  public void run() {
    List<ImageSummary> images;
    try (Berth berth = Main.connect(spec)) {
      images = berth.images().list();
    }
    if (output.json()) {
      output.printJson(images);
      return;
    }
    if (quiet) {
      images.forEach(i -> output.out().println(shortId(i.id())));
      return;
    }
    Table table = new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE");
    for (ImageSummary image : images) {
      List<String> refs = image.references().isEmpty() ? List.of("") : image.references();
      for (String r : refs) {
        String repository = "<none>";
        String tag = "<none>";
        if (!r.isEmpty()) {
          ImageRef ref = ImageRef.parse(r);
          repository = ref.withoutDigest().familiar().replaceAll(":[^:/]*$", "");
          tag = ref.tag() == null ? "<none>" : ref.tag();
        }
        table.row(
            repository,
            tag,
            noTrunc ? image.digest() : shortId(image.digest()),
            shortId(image.id()),
            ago(image.created()),
            Sizes.human(image.size()));
      }
    }
    table.print(output.out());
  }

  private String shortId(String digest) {
    if (noTrunc) {
      return digest;
    }
    String hex = digest.substring(digest.indexOf(':') + 1);
    return hex.substring(0, Math.min(12, hex.length()));
  }

  static String ago(Instant time) {
    if (time == null) {
      return "unknown";
    }
    Duration d = Duration.between(time, Instant.now());
    if (d.isNegative() || d.toSeconds() < 60) {
      return "less than a minute ago";
    }
    List<String> parts = new ArrayList<>();
    if (d.toDays() >= 365) {
      parts.add(plural(d.toDays() / 365, "year"));
    } else if (d.toDays() >= 30) {
      parts.add(plural(d.toDays() / 30, "month"));
    } else if (d.toDays() >= 1) {
      parts.add(plural(d.toDays(), "day"));
    } else if (d.toHours() >= 1) {
      parts.add(plural(d.toHours(), "hour"));
    } else {
      parts.add(plural(d.toMinutes(), "minute"));
    }
    return parts.getFirst() + " ago";
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
