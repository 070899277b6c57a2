package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and docs/ stand alone: every link stays in the repository and names a file that exists. */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /** Documents a user does not have: the product's design notes live outside this repository. */
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared|SPEC\\.md|SPEC §|\\bseed 0\\d\\d|DESIGN\\.md");

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void everyLinkStaysInTheRepositoryAndNamesAFileThatExists() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                String where = ROOT.relativize(doc) + ": " + target;
                if (target.startsWith("#") || target.startsWith("mailto:")) continue;
                if (target.matches("(?i)https?://.*")) {
                    if (!target.matches("(?i)https?://(localhost|127\\.0\\.0\\.1)([:/].*)?")) broken.add(where + " (leaves the repository)");
                    continue;
                }
                Path file = doc.getParent().resolve(target.replaceAll("#.*", "")).normalize();
                if (!file.startsWith(ROOT)) broken.add(where + " (outside the repository)");
                else if (!Files.exists(file)) broken.add(where + " (no such file)");
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void noDocumentNamesAPaperTheUserDoesNotHave() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path doc : documents()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OUTSIDE.matcher(lines.get(i));
                if (m.find()) found.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + m.group());
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theCheckSeesALinkThatLeaves() {
        Matcher m = LINK.matcher("see [the spec](../shared/SPEC.md)");
        assertThat(m.find()).isTrue();
        assertThat(ROOT.resolve(m.group(1)).normalize().startsWith(ROOT)).isFalse();
        assertThat(OUTSIDE.matcher("as seed 003 says").find()).isTrue();
    }
}
