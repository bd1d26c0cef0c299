package com.companyos.audit.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnchorFileTest {

    @TempDir
    Path dir;

    @Test
    void the_latest_line_is_read_from_the_tail_however_many_lines_came_before() {
        AnchorFile file = new AnchorFile(dir.resolve("sub/anchors.jsonl"));
        assertThat(file.last()).isEmpty();
        for (int i = 0; i < 2000; i++) {
            file.append("{\"n\":" + i + "}");
        }
        assertThat(file.last()).contains("{\"n\":1999}");
        assertThat(file.tail().size()).as("only the tail is read").isLessThan(2000);
    }

    @Test
    void a_line_cut_short_by_a_crash_is_skipped() throws Exception {
        AnchorFile file = new AnchorFile(dir.resolve("anchors.jsonl"));
        file.append("{\"n\":1}");
        Files.writeString(file.path(), "{\"n\":2", StandardOpenOption.APPEND);
        assertThat(file.last()).contains("{\"n\":1}");
    }

    @Test
    void a_record_is_one_line() {
        assertThatThrownBy(() -> new AnchorFile(dir.resolve("a.jsonl")).append("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }
}
