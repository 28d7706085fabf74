using System.Buffers.Binary;

namespace MotCua.Data;

/// <summary>
/// An image's width and height read from its header, before (and instead of) any decoding: the PNG <c>IHDR</c> chunk
/// (always first, at byte 16) or the first JPEG start-of-frame segment (<c>SOF0</c>–<c>SOF15</c> but DHT, JPG and DAC),
/// found by walking the segments' lengths from the start. A decompression bomb (a few KB declaring 100 000 × 100 000)
/// is thus refused without a pixel decoded.
/// </summary>
public static class ImageHeaders
{
    // A JPEG's metadata segments come before its frame header; this many are walked at most (a file of nothing but
    // empty segments would otherwise be walked to its end, 5 MB / 4 bytes).
    private const int MaxSegments = 1000;

    /// <summary>The (width, height) of the PNG or JPEG file at <paramref name="path"/>, or null when its header is damaged.</summary>
    public static (int Width, int Height)? Read(string path, MotCua.Domain.Files.FileKind kind)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return kind switch
        {
            MotCua.Domain.Files.FileKind.Png => Png(file),
            MotCua.Domain.Files.FileKind.Jpeg => Jpeg(file),
            _ => null,
        };
    }

    private static (int, int)? Png(Stream file)
    {
        Span<byte> head = stackalloc byte[24];
        if (file.ReadAtLeast(head, 24, throwOnEndOfStream: false) < 24 || !head[12..16].SequenceEqual("IHDR"u8)) return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(head[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(head[20..]);
        return width is 0 or > int.MaxValue || height is 0 or > int.MaxValue ? null : ((int)width, (int)height);
    }

    private static (int, int)? Jpeg(Stream file)
    {
        Span<byte> two = stackalloc byte[2];
        Span<byte> frame = stackalloc byte[5];
        file.Position = 2; // past SOI (FF D8)
        for (var segment = 0; segment < MaxSegments; segment++)
        {
            // A marker is FF followed by its code; any number of FF fill bytes may come between.
            if (file.ReadByte() != 0xFF) return null;
            int marker;
            do marker = file.ReadByte(); while (marker == 0xFF);
            if (marker < 0) return null;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue; // markers without a length
            if (marker is 0xD9 or 0xDA) return null; // end of image or scan data before any frame header
            if (file.ReadAtLeast(two, 2, throwOnEndOfStream: false) < 2) return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(two);
            if (length < 2) return null;
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (length < 7 || file.ReadAtLeast(frame, 5, throwOnEndOfStream: false) < 5) return null;
                int height = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]), width = BinaryPrimitives.ReadUInt16BigEndian(frame[3..]);
                return width == 0 || height == 0 ? null : (width, height);
            }
            file.Seek(length - 2, SeekOrigin.Current);
            if (file.Position >= file.Length) return null;
        }
        return null;
    }
}
