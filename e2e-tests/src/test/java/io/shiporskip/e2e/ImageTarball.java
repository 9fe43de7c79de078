package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OCI image layout tarball as Jib writes it ({@code index.json} -> manifest -> config and gzipped layers), read
 * with nothing but the JDK: the container config, and every file of the layers stacked in order (a later layer's file
 * replaces an earlier one's) with its mode and, for small files, its content.
 */
final class ImageTarball {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SMALL = 64 * 1024;

    record Entry(String path, int mode, char type, byte[] content) {
        String text() {
            return content == null ? null : new String(content, StandardCharsets.UTF_8);
        }
    }

    final JsonNode config;
    final Map<String, Entry> files = new LinkedHashMap<>();

    ImageTarball(Path tarball) throws IOException {
        Map<String, byte[]> blobs = new HashMap<>();
        try (InputStream in = Files.newInputStream(tarball)) {
            readTar(in, entry -> blobs.put(entry.path(), entry.content()), Integer.MAX_VALUE);
        }
        JsonNode index = JSON.readTree(blobs.get("index.json"));
        JsonNode manifest = JSON.readTree(blob(blobs, index.get("manifests").get(0).get("digest").asText()));
        config = JSON.readTree(blob(blobs, manifest.get("config").get("digest").asText())).get("config");
        for (JsonNode layer : manifest.get("layers")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob(blobs, layer.get("digest").asText())))) {
                readTar(in, entry -> files.put(normalized(entry.path()), entry), SMALL);
            }
        }
    }

    private static byte[] blob(Map<String, byte[]> blobs, String digest) {
        byte[] blob = blobs.get("blobs/sha256/" + digest.substring("sha256:".length()));
        if (blob == null) {
            throw new IllegalStateException("the tarball has no blob " + digest);
        }
        return blob;
    }

    /** Paths as the image has them: absolute, without a trailing slash for directories. */
    private static String normalized(String path) {
        String p = path.startsWith("./") ? path.substring(1) : path;
        p = p.startsWith("/") ? p : "/" + p;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** POSIX tar (ustar, with PAX or GNU long names); keeps the content of files up to {@code keepUpTo} bytes. */
    private static void readTar(InputStream in, java.util.function.Consumer<Entry> sink, int keepUpTo) throws IOException {
        String longName = null;
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String name = string(header, 0, 100);
            String prefix = string(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = (int) octal(header, 100, 8);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            boolean keep = type == 'x' || type == 'L' || size <= keepUpTo;
            byte[] content = keep ? in.readNBytes((int) size) : null;
            if (!keep) {
                in.skipNBytes(size);
            }
            in.skipNBytes((512 - size % 512) % 512);
            if (type == 'x') {
                longName = paxPath(new String(content, StandardCharsets.UTF_8));
            } else if (type == 'L') {
                longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
            } else {
                sink.accept(new Entry(longName != null ? longName : name, mode, type == 0 ? '0' : type, content));
                longName = null;
            }
        }
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = string(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }
}
