namespace MotCua.Domain.Files;

/// <summary>
/// Looks through a PDF's bytes, chunk by chunk as they are copied, for the names of active content: <c>/JavaScript</c>,
/// <c>/JS</c>, <c>/Launch</c>, <c>/EmbeddedFile</c> [choice]. Compressed object streams are not searched, so this is a
/// filter, not a proof: the scanning hook and serving as <c>attachment</c> are the defence. A name counts only as a whole
/// PDF name (a delimiter or white space ends it), so <c>/JSON</c> or <c>/Launched</c> do not. Every name is read after
/// its <c>#xx</c> escapes (ISO 32000-1 §7.3.5: <c>/J#61vaScript</c> is the name <c>/JavaScript</c>, trial17u MEDIUM 3,
/// which a byte search let through); a <c>#</c> not followed by two hex digits stays a plain <c>#</c>.
/// </summary>
public sealed class PdfActiveContent
{
    private static readonly string[] Names = ["JavaScript", "JS", "Launch", "EmbeddedFile"];

    // A name longer than the longest checked one cannot be one of them; its bytes are not kept.
    private static readonly int Longest = Names.Max(n => n.Length);
    private readonly byte[] _name = new byte[Longest];
    private int _length;
    private bool _inName;
    private bool _tooLong;
    // Inside a #xx escape: 0 none, 1 after '#', 2 after '#' and one hex digit (kept in _high).
    private int _escape;
    private byte _high;

    /// <summary>The first active-content name seen so far (such as <c>/JavaScript</c>), or null.</summary>
    public string? Found { get; private set; }

    /// <summary>Feeds the next bytes of the file; a name split across two chunks, or inside an escape, is still found.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            if (Found is not null) return;
            Next(b);
        }
    }

    /// <summary>Ends the file: a name at its very last bytes counts.</summary>
    public string? Complete()
    {
        if (Found is null && _inName) EndName();
        return Found;
    }

    private void Next(byte b)
    {
        if (!_inName)
        {
            if (b == (byte)'/') StartName();
            return;
        }
        if (_escape == 1)
        {
            if (Hex(b) is { } high) { _high = (byte)high; _escape = 2; return; }
            _escape = 0;
            Add((byte)'#');
        }
        else if (_escape == 2)
        {
            _escape = 0;
            if (Hex(b) is { } low) { Add((byte)((_high << 4) | low)); return; }
            Add((byte)'#');
            Add(HexDigit(_high));
        }
        if (EndsName(b))
        {
            EndName();
            if (b == (byte)'/') StartName();
            return;
        }
        if (b == (byte)'#') { _escape = 1; return; }
        Add(b);
    }

    private void StartName()
    {
        _inName = true;
        _length = 0;
        _tooLong = false;
        _escape = 0;
    }

    private void Add(byte b)
    {
        if (_length == Longest) _tooLong = true;
        else _name[_length++] = b;
    }

    private void EndName()
    {
        // An escape cut short by the name's end is its literal bytes, which no checked name contains.
        if (_escape != 0) _tooLong = true;
        _inName = false;
        if (_tooLong) return;
        var name = _name.AsSpan(0, _length);
        foreach (var candidate in Names)
            if (name.Length == candidate.Length && System.Text.Encoding.ASCII.GetString(name) == candidate)
            {
                Found = "/" + candidate;
                return;
            }
    }

    private static int? Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => null,
    };

    private static byte HexDigit(byte value) => (byte)"0123456789ABCDEF"[value];

    private static bool EndsName(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or 0
        or (byte)'/' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'%';
}
