package io.podnet.viewer.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;

/** Writes JavaFX images as PNG files (scene.snapshot → SwingFXUtils → ImageIO). */
public final class Snapshots {
    private Snapshots() {}

    public static void writePng(Image image, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
