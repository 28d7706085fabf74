namespace MotCua.Domain.Files;

/// <summary>
/// Looks through a PDF's bytes, chunk by chunk as they are copied, for the names of active content: <c>/JavaScript</c>,
/// <c>/JS</c>, <c>/Launch</c>, <c>/EmbeddedFile</c> [choice]. Compressed object streams are not searched, so this is a
/// filter, not a proof: the scanning hook and serving as <c>attachment</c> are the defence. A name counts only as a whole
/// PDF name (the next byte ends it), so <c>/JSON</c> or <c>/Launched</c> do not.
/// </summary>
public sealed class PdfActiveContent
{
    private static readonly byte[][] Names = ["/JavaScript"u8.ToArray(), "/JS"u8.ToArray(), "/Launch"u8.ToArray(), "/EmbeddedFile"u8.ToArray()];
    private static readonly int Longest = Names.Max(n => n.Length) + 1;
    private readonly byte[] _carry = new byte[Longest];
    private int _carried;

    /// <summary>The first active-content name seen so far (such as <c>/JavaScript</c>), or null.</summary>
    public string? Found { get; private set; }

    /// <summary>Feeds the next bytes of the file; a name split across two chunks is still found.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Found is not null || chunk.IsEmpty) return;
        // The tail of the previous chunk joined with the head of this one catches names across the boundary.
        Span<byte> joint = stackalloc byte[_carried + Math.Min(chunk.Length, Longest)];
        _carry.AsSpan(0, _carried).CopyTo(joint);
        chunk[..(joint.Length - _carried)].CopyTo(joint[_carried..]);
        if ((Search(joint, final: false) ?? Search(chunk, final: false)) is { } name)
        {
            Found = name;
            return;
        }
        var keep = Math.Min(Longest, _carried + chunk.Length);
        Span<byte> tail = stackalloc byte[keep];
        if (chunk.Length >= keep) chunk[^keep..].CopyTo(tail);
        else
        {
            _carry.AsSpan(_carried - (keep - chunk.Length), keep - chunk.Length).CopyTo(tail);
            chunk.CopyTo(tail[(keep - chunk.Length)..]);
        }
        tail.CopyTo(_carry);
        _carried = keep;
    }

    /// <summary>Ends the file: a name at its very last bytes counts.</summary>
    public string? Complete()
    {
        if (Found is null && Search(_carry.AsSpan(0, _carried), final: true) is { } name) Found = name;
        return Found;
    }

    // A name is whole when the byte after it is a PDF delimiter or white space; at the end of a chunk it is undecided
    // (unless final), and the carried tail will see it again with its next byte.
    private static string? Search(ReadOnlySpan<byte> bytes, bool final)
    {
        foreach (var name in Names)
        {
            var from = 0;
            while (from < bytes.Length)
            {
                var at = bytes[from..].IndexOf(name);
                if (at < 0) break;
                var end = from + at + name.Length;
                if (end < bytes.Length ? EndsName(bytes[end]) : final)
                    return System.Text.Encoding.ASCII.GetString(name);
                from += at + 1;
            }
        }
        return null;
    }

    private static bool EndsName(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or 0
        or (byte)'/' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'%';
}
