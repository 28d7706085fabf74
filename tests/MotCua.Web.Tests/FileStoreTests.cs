using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Files;
using Npgsql;
using PdfSharp.Pdf;

namespace MotCua.Web.Tests;

/// <summary>
/// The file store (Data/FileStore.cs, docs/FILES.md) over the real PostgreSQL and real files on disk: kinds from bytes,
/// limits enforced while streaming (the rest of an oversized upload is never read), the same bytes stored once, pdfinfo's
/// pages and encryption, image headers, the scanning hook, and the order disk-then-row that survives a crash.
/// </summary>
public class FileStoreTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    // PdfSharp 6 refuses to write without a license chosen; the app's documents choose AGPL as MotCua is (PdfSetup).
    static FileStoreTests() => PdfSharp.PdfSharpLicense.SetAgplLicense();

    private FileStore Store(IFileScanner? scanner = null, NpgsqlDataSource? dataSource = null) => new(
        app.Services.GetRequiredService<FileStoreOptions>(), scanner ?? new EicarScanner(),
        dataSource ?? app.Services.GetRequiredService<NpgsqlDataSource>(), app.Clock);

    private static byte[] Pdf(int pages = 1, string? userPassword = null, string marker = "")
    {
        using var document = new PdfDocument();
        document.Info.Title = "Giấy khai sinh " + marker;
        for (var i = 0; i < pages; i++) document.AddPage();
        if (userPassword is not null) document.SecuritySettings.UserPassword = userPassword;
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static byte[] Png(uint width, uint height, byte[]? tail = null)
    {
        var bytes = new byte[33 + (tail?.Length ?? 0)];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8; bytes[25] = 2;
        tail?.CopyTo(bytes, 33);
        return bytes;
    }

    // SOI, an APP1 (Exif-like) segment of 3 KB before the frame header, SOF2 (progressive) with the dimensions, EOI.
    private static byte[] Jpeg(ushort width, ushort height)
    {
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE1, 0x0C, 0x02 };
        bytes.AddRange(new byte[0x0C00]);
        bytes.AddRange([0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3]);
        bytes.AddRange(new byte[9]);
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }

    private Task<long> RowsAsync(string sha256) => app.ScalarAsync($"SELECT count(*) FROM stored_files WHERE sha256 = '{sha256}'");

    private void AssertNothingInFlight(FileStore store) =>
        Assert.Empty(Directory.Exists(store.TempFolder) ? Directory.GetFiles(store.TempFolder) : []);

    [Fact]
    public async Task The_same_bytes_are_stored_once_under_their_hash_readable_by_the_server_alone()
    {
        var store = Store();
        var bytes = Pdf(pages: 3, marker: "một lần");
        var first = await store.WriteAsync(new MemoryStream(bytes), @"C:\Scan\Giấy khai sinh.pdf", default);
        var second = await store.WriteAsync(new MemoryStream(bytes), "ban-sao.pdf", default);

        Assert.Null(first.Refusal);
        Assert.Equal(ContentHash.Of(bytes), first.File!.Sha256);
        Assert.Equal(first.File.Sha256, second.File!.Sha256);
        Assert.Equal("Giấy khai sinh.pdf", first.DisplayName);
        Assert.Equal("ban-sao.pdf", second.DisplayName);
        Assert.Equal(3, first.File.Pages);
        Assert.Equal(1, await RowsAsync(first.File.Sha256));
        Assert.Equal(3, await app.ScalarAsync($"SELECT pages FROM stored_files WHERE sha256 = '{first.File.Sha256}' AND media_type = 'application/pdf' AND size = {bytes.Length} AND scan_verdict = 1"));
        var path = store.PathOf(first.File.Sha256);
        Assert.Equal(Path.Combine(store.Root, "sha256", first.File.Sha256[..2], first.File.Sha256[2..4], first.File.Sha256), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!), f => f.EndsWith(first.File.Sha256, StringComparison.Ordinal));
        AssertNothingInFlight(store);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_at_the_limit_plus_one_byte_without_reading_the_rest()
    {
        var store = Store();
        var limit = store.Limits.MaxPdfBytes;
        var body = new EndlessPdf(total: 50L * 1024 * 1024);
        var outcome = await store.WriteAsync(body, "lon.pdf", default);

        Assert.Equal(UploadRefusalKind.TooLarge, outcome.Refusal!.Kind);
        Assert.Contains("10 MB", outcome.Refusal.Message);
        Assert.Equal(limit + 1, body.BytesRead);
        Assert.True(body.LargestRead <= FileStore.BufferSize);
        AssertNothingInFlight(store);
        Assert.Equal(0, await app.ScalarAsync($"SELECT count(*) FROM stored_files WHERE size > {limit}"));
    }

    [Fact]
    public async Task A_file_at_exactly_the_limit_is_accepted_as_far_as_its_size_goes()
    {
        var store = Store();
        var image = Png(100, 100);
        var bytes = new byte[store.Limits.MaxImageBytes];
        image.CopyTo(bytes, 0);
        var outcome = await store.WriteAsync(new MemoryStream(bytes), "anh.png", default);
        Assert.Null(outcome.Refusal);
        Assert.Equal((100, 100), (outcome.File!.Width, outcome.File.Height));
        var over = new byte[store.Limits.MaxImageBytes + 1];
        image.CopyTo(over, 0);
        Assert.Equal(UploadRefusalKind.TooLarge, (await store.WriteAsync(new MemoryStream(over), "anh.png", default)).Refusal!.Kind);
    }

    [Fact]
    public async Task An_executable_named_pdf_is_refused_by_its_bytes_after_its_first_buffer()
    {
        var store = Store();
        var exe = new byte[2 * 1024 * 1024];
        "MZ\x90\0\x03\0\0\0"u8.ToArray().CopyTo(exe, 0);
        "%PDF-1.7"u8.ToArray().CopyTo(exe, 512);
        var body = new CountingStream(new MemoryStream(exe));
        var outcome = await store.WriteAsync(body, "giay-khai-sinh.pdf", default);

        Assert.Equal(UploadRefusalKind.Unsupported, outcome.Refusal!.Kind);
        Assert.Equal(415, (int)outcome.Refusal.Kind);
        Assert.True(body.BytesRead <= FileStore.BufferSize);
        Assert.Equal(0, await RowsAsync(ContentHash.Of(exe)));
        AssertNothingInFlight(store);
    }

    public static TheoryData<string> Refused => new() { "encrypted", "bomb-png", "bomb-jpeg", "javascript", "javascript-escaped", "damaged", "eicar", "too-many-pages" };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Files_refused_for_their_content_leave_nothing_behind(string kind)
    {
        var store = Store();
        var (bytes, code) = kind switch
        {
            "encrypted" => (Pdf(userPassword: "123456"), "file-encrypted"),
            "bomb-png" => (Png(100_000, 100_000), "file-too-many-pixels"),
            "bomb-jpeg" => (Jpeg(65_000, 65_000), "file-too-many-pixels"),
            "javascript" => ([.. Pdf(marker: "js"), .. "\n% /OpenAction << /S /JavaScript /JS (app.alert(1)) >>\n"u8], "file-active-content"),
            // Trial17u MEDIUM 3: the same names written with #xx escapes (ISO 32000-1 §7.3.5), as the trial sent them.
            "javascript-escaped" => ([.. Pdf(marker: "js-escaped"), .. "\n9 0 obj << /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>\nendobj\n"u8], "file-active-content"),
            "damaged" => ("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"u8.ToArray(), "file-damaged"),
            "eicar" => (Png(10, 10, EicarScanner.Signature), "file-infected"),
            _ => (Pdf(pages: 201), "file-too-many-pages"),
        };
        var outcome = await store.WriteAsync(new MemoryStream(bytes), "x", default);

        Assert.Equal(code, outcome.Refusal?.Code);
        Assert.Equal(UploadRefusalKind.Refused, outcome.Refusal!.Kind);
        Assert.False(File.Exists(store.PathOf(ContentHash.Of(bytes))));
        Assert.Equal(0, await RowsAsync(ContentHash.Of(bytes)));
        AssertNothingInFlight(store);
    }

    [Fact]
    public async Task Image_dimensions_come_from_the_header_after_metadata_segments()
    {
        var outcome = await Store().WriteAsync(new MemoryStream(Jpeg(4000, 3000)), "anh.jpg", default);
        Assert.Null(outcome.Refusal);
        Assert.Equal(("image/jpeg", 4000, 3000), (outcome.File!.MediaType, outcome.File.Width!.Value, outcome.File.Height!.Value));
        Assert.Null(outcome.File.Pages);
    }

    [Fact]
    public async Task Without_a_scanner_files_are_recorded_as_not_scanned()
    {
        var bytes = Png(20, 30, "khong-quet"u8.ToArray());
        var outcome = await Store(new NoScanner()).WriteAsync(new MemoryStream(bytes), "a.png", default);
        Assert.Equal(0, outcome.File!.ScanVerdict);
        Assert.Equal(1, await app.ScalarAsync($"SELECT count(*) FROM stored_files WHERE sha256 = '{outcome.File.Sha256}' AND scan_verdict = 0 AND scanner IS NULL"));
    }

    [Fact]
    public async Task A_required_scan_that_cannot_run_refuses_with_503_and_an_optional_one_stores_unscanned()
    {
        var options = app.Services.GetRequiredService<FileStoreOptions>();
        var unreachable = new ClamdScanner(Path.Combine(Path.GetTempPath(), "khong-co-clamd-" + Guid.NewGuid().ToString("N")), TimeSpan.FromSeconds(5));
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var bytes = Png(40, 40, "can-quet"u8.ToArray());
        var required = new FileStore(new FileStoreOptions { Root = options.Root, RequireScan = true }, unreachable, dataSource, app.Clock);
        var refused = await required.WriteAsync(new MemoryStream(bytes), "a.png", default);
        Assert.Equal(UploadRefusalKind.Unavailable, refused.Refusal!.Kind);
        Assert.Equal(0, await RowsAsync(ContentHash.Of(bytes)));

        var optional = new FileStore(new FileStoreOptions { Root = options.Root }, unreachable, dataSource, app.Clock);
        var stored = await optional.WriteAsync(new MemoryStream(bytes), "a.png", default);
        Assert.Equal(0, stored.File!.ScanVerdict);
    }

    [Fact]
    public async Task A_crash_before_the_row_leaves_the_file_alone_and_the_next_write_names_it()
    {
        var bytes = Pdf(pages: 2, marker: "sự cố");
        var hash = ContentHash.Of(bytes);
        // The row's insert fails (a database that does not exist), as a crash between the move and the insert would.
        var gone = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = "khong_ton_tai_" + Guid.NewGuid().ToString("N")[..8] };
        await using (var broken = NpgsqlDataSource.Create(gone.ConnectionString))
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => Store(dataSource: broken).WriteAsync(new MemoryStream(bytes), "a.pdf", default));

        var store = Store();
        Assert.True(File.Exists(store.PathOf(hash)));
        Assert.Equal(0, await RowsAsync(hash));
        var again = await store.WriteAsync(new MemoryStream(bytes), "a.pdf", default);
        Assert.Equal(hash, again.File!.Sha256);
        Assert.Equal(1, await RowsAsync(hash));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(hash)));
        AssertNothingInFlight(store);
    }

    [Fact]
    public async Task Paths_are_made_from_hashes_only()
    {
        var store = Store();
        Assert.Throws<ArgumentException>(() => store.PathOf("../../etc/passwd"));
        Assert.Throws<ArgumentException>(() => store.PathOf(new string('A', 64)));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Ten_concurrent_uploads_of_the_same_bytes_leave_one_row_and_one_file()
    {
        var store = Store();
        var bytes = Pdf(marker: "đồng thời");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => store.WriteAsync(new MemoryStream(bytes), "a.pdf", default))));
        Assert.All(outcomes, o => Assert.Equal(ContentHash.Of(bytes), o.File!.Sha256));
        Assert.Equal(1, await RowsAsync(ContentHash.Of(bytes)));
        AssertNothingInFlight(store);
    }

    /// <summary>A PDF header followed by zeros up to <c>total</c> bytes, produced as read, counting what was asked for.</summary>
    private sealed class EndlessPdf(long total) : Stream
    {
        public long BytesRead { get; private set; }
        public int LargestRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) => Fill(buffer.AsSpan(offset, count));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Fill(buffer.Span));

        private int Fill(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, total - BytesRead);
            buffer[..n].Clear();
            var header = "%PDF-1.7\n%\xE2\xE3\n"u8;
            for (var i = 0; i < n && BytesRead + i < header.Length; i++) buffer[i] = header[(int)BytesRead + i];
            BytesRead += n;
            LargestRead = Math.Max(LargestRead, buffer.Length);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Counts the bytes read from an inner stream.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); BytesRead += n; return n; }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) { var n = await inner.ReadAsync(buffer, ct); BytesRead += n; return n; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
