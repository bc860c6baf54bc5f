package io.berth;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every package says in its package-info.java which berth packages it may depend on; this test
 * holds the code to what is written there, so the list and the code cannot drift apart.
 */
class ArchitectureTest {
  private static final String ROOT = "io.berth";
  private static final Path SOURCES = Path.of("src/main/java/io/berth");
  private static final Pattern MAY_DEPEND =
      Pattern.compile("May depend on:([^.]*(?:\\.[a-z][^.]*)*)\\.");
  private static final Pattern CODE = Pattern.compile("\\{@code ([a-z.]+)}");

  private static Map<String, Set<String>> allowed;
  private static JavaClasses classes;

  @BeforeAll
  static void readRules() throws IOException {
    allowed = new HashMap<>();
    List<String> packages = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path info : files.filter(p -> p.endsWith("package-info.java")).toList()) {
        String pkg = ROOT + "." + SOURCES.relativize(info.getParent()).toString().replace('/', '.');
        packages.add(pkg);
        String text = Files.readString(info).replaceAll("\\s*\\n\\s*\\*\\s*", " ");
        Matcher m = MAY_DEPEND.matcher(text);
        assertThat(m.find()).as("%s states what it may depend on", info).isTrue();
        String rule = m.group(1);
        Set<String> deps = new HashSet<>();
        Matcher code = CODE.matcher(rule);
        while (code.find()) {
          deps.add(ROOT + "." + code.group(1));
        }
        if (rule.contains("every package but")) {
          Set<String> except = deps;
          deps = new HashSet<>();
          deps.add("*");
          for (String e : except) {
            deps.add("!" + e);
          }
        }
        allowed.put(pkg, deps);
      }
    }
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void everyPackage_dependsOnlyOnWhatItsPackageInfoAllows() {
    Set<String> violations = new TreeSet<>();
    for (var javaClass : classes) {
      String from = javaClass.getPackageName();
      Set<String> rules = allowed.get(from);
      if (rules == null) {
        violations.add(from + " has no package-info.java stating its dependencies");
        continue;
      }
      for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
        String to = dependency.getTargetClass().getPackageName();
        if (!to.startsWith(ROOT) || to.equals(from) || permitted(rules, to)) {
          continue;
        }
        violations.add(
            "%s -> %s (%s)"
                .formatted(from, to, dependency.getDescription().replaceAll(" in \\(.*", "")));
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void noPackageCycles() {
    Map<String, Set<String>> graph = new HashMap<>();
    for (var javaClass : classes) {
      for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
        String from = javaClass.getPackageName();
        String to = dependency.getTargetClass().getPackageName();
        if (to.startsWith(ROOT) && !to.equals(from)) {
          graph.computeIfAbsent(from, k -> new HashSet<>()).add(to);
        }
      }
    }
    for (String start : graph.keySet()) {
      assertThat(reaches(graph, start, start, new HashSet<>()))
          .as("package %s reaches itself through its dependencies", start)
          .isFalse();
    }
  }

  private static boolean permitted(Set<String> rules, String to) {
    if (rules.contains(to)) {
      return true;
    }
    return rules.contains("*") && !rules.contains("!" + to);
  }

  private static boolean reaches(
      Map<String, Set<String>> graph, String node, String target, Set<String> seen) {
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(graph, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
