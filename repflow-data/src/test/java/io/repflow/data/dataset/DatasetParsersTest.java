package io.repflow.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class DatasetParsersTest {

    @TempDir
    Path dir;

    private Path write(String rel, String text) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static DatasetException fails(Path file, int line, String fragment, Executable body) {
        DatasetException e = assertThrows(DatasetException.class, body);
        assertEquals(file, e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + (line > 0 ? ":" + line : "") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        return e;
    }

    private Path hmdb() throws IOException {
        Files.createDirectories(dir.resolve("hmdb/videos/brush_hair"));
        Files.createDirectories(dir.resolve("hmdb/videos/cartwheel"));
        write("hmdb/splits/cartwheel_test_split1.txt", "c1.avi 1 \nc2.avi 2 \nc3.avi 0 \n\n");
        write("hmdb/splits/brush_hair_test_split1.txt", "b1.avi 2\nb2.avi 1\nb3.avi 1\n");
        write("hmdb/splits/brush_hair_test_split2.txt", "b1.avi 1\n");
        return dir.resolve("hmdb/splits");
    }

    @Test
    void hmdb51Splits() throws IOException {
        Path splits = hmdb();
        Path videos = dir.resolve("hmdb/videos");
        VideoDataset train = Hmdb51.load(videos, splits, 1, Subset.TRAIN);
        assertEquals(List.of("brush_hair", "cartwheel"), train.classes());
        assertEquals(
                List.of(
                        new VideoSample(videos.resolve("brush_hair/b2.avi"), 0),
                        new VideoSample(videos.resolve("brush_hair/b3.avi"), 0),
                        new VideoSample(videos.resolve("cartwheel/c1.avi"), 1)),
                train.samples());
        VideoDataset test = Hmdb51.load(videos, splits, 1, Subset.TEST);
        assertArrayEquals(new int[] {1, 1}, test.classCounts());
    }

    @Test
    void hmdb51BadEntriesNameFileAndLine() throws IOException {
        Path splits = hmdb();
        Path videos = dir.resolve("hmdb/videos");
        Path bad = write("hmdb/splits/cartwheel_test_split1.txt", "c1.avi 1\nc2.avi 7\n");
        fails(
                bad,
                2,
                "split id must be 0 (unused), 1 (train) or 2 (test)",
                () -> Hmdb51.load(videos, splits, 1, Subset.TRAIN));
        write("hmdb/splits/cartwheel_test_split1.txt", "c1.avi 1\n\nc2.avi 1 extra\n");
        fails(bad, 3, "expected '<video>.avi <0|1|2>'", () -> Hmdb51.load(videos, splits, 1, Subset.TRAIN));
        write("hmdb/splits/cartwheel_test_split1.txt", "c1.avi 1\n");
        Path unknown = write("hmdb/splits/juggling_test_split1.txt", "j.avi 1\n");
        fails(unknown, 0, "names class 'juggling'", () -> Hmdb51.load(videos, splits, 1, Subset.TRAIN));
        fails(splits, 0, "holds no split files", () -> Hmdb51.load(videos, splits, 3, Subset.TRAIN));
    }

    @Test
    void ucf101Splits() throws IOException {
        write("ucf/ann/classInd.txt", "1 ApplyEyeMakeup\n2 Basketball\n3 YoYo\n");
        write(
                "ucf/ann/trainlist01.txt",
                "ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1\r\nYoYo/v_YoYo_g01_c01.avi 3\r\n");
        write("ucf/ann/testlist01.txt", "Basketball/v_Basketball_g01_c01.avi\nYoYo/v_YoYo_g02_c01.avi\n");
        Path videos = dir.resolve("ucf/videos");
        VideoDataset train = Ucf101.load(videos, dir.resolve("ucf/ann"), 1, Subset.TRAIN);
        assertEquals(List.of("ApplyEyeMakeup", "Basketball", "YoYo"), train.classes());
        assertEquals(new VideoSample(videos.resolve("YoYo/v_YoYo_g01_c01.avi"), 2), train.get(1));
        VideoDataset test = Ucf101.load(videos, dir.resolve("ucf/ann"), 1, Subset.TEST);
        assertArrayEquals(new int[] {0, 1, 1}, test.classCounts());
    }

    @Test
    void ucf101SplitLineWithAnUnknownClass() throws IOException {
        write("ucf/ann/classInd.txt", "1 ApplyEyeMakeup\n2 Basketball\n");
        Path test =
                write("ucf/ann/testlist01.txt", "Basketball/v_Basketball_g01_c01.avi\nSkiing/v_Skiing_g01_c01.avi\n");
        fails(test, 2, "unknown class 'Skiing'", () -> Ucf101.load(dir, dir.resolve("ucf/ann"), 1, Subset.TEST));
        Path train = write("ucf/ann/trainlist01.txt", "Basketball/v_Basketball_g01_c01.avi 1\n");
        fails(
                train,
                1,
                "does not match folder 'Basketball'",
                () -> Ucf101.load(dir, dir.resolve("ucf/ann"), 1, Subset.TRAIN));
        Path classes = write("ucf/ann/classInd.txt", "1 ApplyEyeMakeup\n3 Basketball\n");
        fails(classes, 2, "expected 2 but found 3", () -> Ucf101.load(dir, dir.resolve("ucf/ann"), 1, Subset.TRAIN));
        write("ucf/ann/classInd.txt", "1 ApplyEyeMakeup\n2 Basketball\n");
        fails(
                dir.resolve("ucf/ann/trainlist02.txt"),
                0,
                "no such file",
                () -> Ucf101.load(dir, dir.resolve("ucf/ann"), 2, Subset.TRAIN));
    }

    @Test
    void kineticsCsvAndMiniKineticsSubset() throws IOException {
        Path csv = write("k400/train.csv", """
                label,youtube_id,time_start,time_end,split,is_cc
                abseiling,--Ntf3wP8hM,14,24,train,0
                "passing American football (in game)",-01K3lqaCnE,0,10,train,0
                zumba,0Ab1-xyz,113.0,123.0,train,1
                abseiling,zz_top,0,10,train,0
                """);
        Path root = dir.resolve("k400");
        VideoDataset all = Kinetics.builder(csv, root).load();
        assertEquals(List.of("abseiling", "passing American football (in game)", "zumba"), all.classes());
        assertEquals(
                root.resolve("train/abseiling/--Ntf3wP8hM_000014_000024.mp4"),
                all.get(0).path());
        assertEquals(
                root.resolve("train/zumba/0Ab1-xyz_000113_000123.mp4"),
                all.get(2).path());
        VideoDataset underscored =
                Kinetics.builder(csv, root).spacesToUnderscores(true).load();
        assertEquals(
                root.resolve("train/passing_American_football_(in_game)/-01K3lqaCnE_000000_000010.mp4"),
                underscored.get(1).path());

        Path subset = write("mini.txt", "zumba\nabseiling\n");
        VideoDataset mini = Kinetics.builder(csv, root).classSubset(subset).load();
        assertEquals(List.of("zumba", "abseiling"), mini.classes());
        assertEquals(3, mini.size());
        assertArrayEquals(new int[] {1, 2}, mini.classCounts());

        write("mini.txt", "zumba\nskydiving\n");
        fails(
                subset,
                2,
                "unknown class 'skydiving'",
                () -> Kinetics.builder(csv, root).classSubset(subset).load());
    }

    @Test
    void kineticsBadRows() throws IOException {
        Path root = dir.resolve("k");
        Path csv = write("k/a.csv", "label,youtube_id,time_start,time_end,split\nabseiling,x,1.5,10,val\n");
        fails(
                csv,
                2,
                "time_start must be a whole number",
                () -> Kinetics.builder(csv, root).load());
        write("k/a.csv", "label,youtube_id,time_start,time_end,split\nabseiling,x,10,10,val\n");
        fails(
                csv,
                2,
                "time_end 10 must be after time_start 10",
                () -> Kinetics.builder(csv, root).load());
        write("k/a.csv", "label,youtube_id,time_start,split\nabseiling,x,10,val\n");
        fails(
                csv,
                1,
                "lacks the column 'time_end'",
                () -> Kinetics.builder(csv, root).load());
        write("k/a.csv", "label,youtube_id,time_start,time_end,split\n\"abseiling,x,1,10,val\n");
        fails(
                csv,
                2,
                "quoted field is not closed",
                () -> Kinetics.builder(csv, root).load());
    }

    @Test
    void classFolders() throws IOException {
        write("cf/walk/b.mp4", "x");
        write("cf/walk/a.AVI", "x");
        write("cf/walk/notes.txt", "x");
        write("cf/run/r.webm", "x");
        VideoDataset d = ClassFolders.load(dir.resolve("cf"));
        assertEquals(List.of("run", "walk"), d.classes());
        assertEquals(
                List.of(
                        new VideoSample(dir.resolve("cf/run/r.webm"), 0),
                        new VideoSample(dir.resolve("cf/walk/a.AVI"), 1),
                        new VideoSample(dir.resolve("cf/walk/b.mp4"), 1)),
                d.samples());
        Path file = write("plain.txt", "x");
        fails(file, 0, "is not a directory", () -> ClassFolders.load(file));
        fails(dir.resolve("absent"), 0, "no such directory", () -> ClassFolders.load(dir.resolve("absent")));
        Files.createDirectories(dir.resolve("empty/a"));
        fails(dir.resolve("empty"), 0, "hold no video files", () -> ClassFolders.load(dir.resolve("empty")));
    }

    /** Needs a user that file permissions apply to: root reads a mode-000 directory anyway. */
    @Test
    void unreadableDirectory() throws IOException {
        Path locked = Files.createDirectories(dir.resolve("locked/a"));
        Files.setPosixFilePermissions(locked.getParent(), PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(
                    Files.isReadable(locked.getParent()), "running as a user (root) that permissions do not stop");
            fails(locked.getParent(), 0, "permission denied", () -> ClassFolders.load(locked.getParent()));
        } finally {
            Files.setPosixFilePermissions(locked.getParent(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void listFiles() throws IOException {
        Path list = write("lists/train.txt", "# comment\nclips/a b.mp4 1\n\n/abs/c.avi\t0\n");
        write("lists/classes.txt", "walk\nrun\n");
        VideoDataset d = ListFile.load(list, dir.resolve("lists/classes.txt"));
        assertEquals(List.of("walk", "run"), d.classes());
        assertEquals(
                List.of(
                        new VideoSample(dir.resolve("lists/clips/a b.mp4"), 1),
                        new VideoSample(Path.of("/abs/c.avi"), 0)),
                d.samples());
        assertEquals(List.of("0", "1"), ListFile.load(list).classes());
        write("lists/train.txt", "a.mp4 0\nb.mp4 2\n");
        fails(list, 2, "label 2 is not a known class", () -> ListFile.load(list, List.of("walk", "run")));
        write("lists/train.txt", "a.mp4 0\nb.mp4\n");
        fails(list, 2, "expected '<path> <label>'", () -> ListFile.load(list));
        write("lists/train.txt", "a.mp4 zero\n");
        fails(list, 1, "label must be an integer but is 'zero'", () -> ListFile.load(list));
    }

    @Test
    void aListFileThatIsNotUtf8NamesTheLineAndTheByte() throws IOException {
        Path list = dir.resolve("latin1.txt");
        Files.write(list, "a.avi 0\r\nvid\u00e9o.avi 1\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        fails(list, 2, "is not UTF-8: byte 0xe9 at position 4 of the line", () -> ListFile.load(list));
        // the same text in UTF-8 reads, CRLF and all
        Files.writeString(list, "a.avi 0\r\nvid\u00e9o.avi 1\n");
        assertEquals(
                dir.resolve("vid\u00e9o.avi"),
                ListFile.load(list).samples().get(1).path());
    }
}
