using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Data;

namespace MotCua.Web.Tests;

/// <summary>
/// Issue 17, piece 0: the file store's backup (<see cref="FileBackups"/>, run by <c>./run.sh backup</c> after the base
/// backup): files uploaded and attached to a dossier are copied (hard links on the same file system) with a
/// <c>files.sha256</c> list; with the store deleted the dossier's file is gone (404), and after the restore it is served
/// byte for byte again. A backup file whose bytes no longer match its name is refused, the others restored; the store is
/// only ever added to. <c>files-orphans</c> lists the contents no row names, older than 7 days, and nothing else.
/// </summary>
public class FileBackupTests(MotCuaApp app) : IClassFixture<MotCuaApp>
{
    private async Task<(string Url, byte[] Bytes)> DossierFileAsync(string marker)
    {
        var client = app.ApiClient();
        var bytes = FileUploadTests.Pdf(marker);
        var staged = await client.PostAsync("/api/v1/files/staged", FileUploadTests.Form(($"{marker}.pdf", bytes)));
        Assert.True(staged.StatusCode == HttpStatusCode.Created, await staged.Content.ReadAsStringAsync());
        var id = (await staged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0].GetProperty("id").GetInt64();
        var body = JsonSerializer.SerializeToNode(Requests.Dossier())!.AsObject();
        body["documents"]![0]!["stagedFiles"] = new System.Text.Json.Nodes.JsonArray(id);
        var code = (await (await client.SubmitAsync(body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var url = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}")).GetProperty("documents")[0].GetProperty("files")[0].GetProperty("url").GetString()!;
        return (url, bytes);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private string StoredPath(string hash) => Path.Combine(app.FilesRoot, "sha256", hash[..2], hash[2..4], hash);

    private static string Scratch(string name)
    {
        // Beside the store (the test cluster's folder), so that the backup can link rather than copy.
        var folder = Path.Combine(MotCuaApp.Postgres.Folder, "file-backups", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public async Task Backup_delete_the_store_restore_and_the_same_files_are_served_byte_for_byte()
    {
        var first = await DossierFileAsync("sao-luu-1");
        var second = await DossierFileAsync("sao-luu-2");
        var client = app.ApiClient();
        var backup = Scratch("full");
        var output = new StringWriter();
        var store = new FileBackups(app.FilesRoot, output);

        var taken = store.Backup(backup);
        Assert.True(taken.Linked >= 2, output.ToString());
        Assert.Equal(0, taken.Copied);
        var manifest = File.ReadAllLines(Path.Combine(backup, FileBackups.ManifestName));
        foreach (var (_, bytes) in new[] { first, second })
            Assert.Contains($"{Hash(bytes)}  files/sha256/{Hash(bytes)[..2]}/{Hash(bytes)[2..4]}/{Hash(bytes)}", manifest);
        // A second backup into the same folder finds every content there and skips it.
        Assert.Equal(manifest.Length, store.Backup(backup).Skipped);

        Directory.Delete(Path.Combine(app.FilesRoot, "sha256"), recursive: true);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(first.Url)).StatusCode);

        var restored = store.Restore(backup);
        Assert.Equal(manifest.Length, restored.Copied);
        foreach (var (url, bytes) in new[] { first, second })
        {
            var served = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StoredPath(Hash(bytes))));
        }
    }

    [Fact]
    public async Task A_corrupted_backup_file_is_refused_and_the_store_is_only_added_to()
    {
        var good = await DossierFileAsync("hong-tot");
        var bad = await DossierFileAsync("hong-xau");
        var backup = Scratch("corrupt");
        var store = new FileBackups(app.FilesRoot, new StringWriter());
        store.Backup(backup);
        // Damaged in storage: the backup's copy (unlinked first, so the store's file stays whole) has other bytes.
        var damaged = Path.Combine(backup, "files", "sha256", Hash(bad.Bytes)[..2], Hash(bad.Bytes)[2..4], Hash(bad.Bytes));
        File.Delete(damaged);
        var flipped = (byte[])bad.Bytes.Clone();
        flipped[^10] ^= 0xFF;
        File.WriteAllBytes(damaged, flipped);
        File.Delete(StoredPath(Hash(good.Bytes)));
        File.Delete(StoredPath(Hash(bad.Bytes)));
        var kept = Path.Combine(app.FilesRoot, "sha256", "ff", "ff", new string('f', 64));
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.WriteAllText(kept, "nội dung không có trong bản sao lưu");

        var refused = Assert.Throws<InvalidOperationException>(() => store.Restore(backup));
        Assert.Contains(Hash(bad.Bytes), refused.Message);
        Assert.False(File.Exists(StoredPath(Hash(bad.Bytes))));
        Assert.Equal(good.Bytes, await (await app.ApiClient().GetAsync(good.Url)).Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await app.ApiClient().GetAsync(bad.Url)).StatusCode);
        Assert.True(File.Exists(kept));
        File.Delete(kept);
    }

    [Fact]
    public async Task Files_orphans_lists_unnamed_contents_older_than_seven_days_and_nothing_else()
    {
        var named = await DossierFileAsync("mo-coi-co-ten");
        var old = new string('a', 64);
        var fresh = new string('b', 64);
        foreach (var hash in new[] { old, fresh })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(StoredPath(hash))!);
            File.WriteAllText(StoredPath(hash), hash);
        }
        var now = DateTimeOffset.UtcNow;
        File.SetLastWriteTimeUtc(StoredPath(old), now.AddDays(-8).UtcDateTime);
        File.SetLastWriteTimeUtc(StoredPath(Hash(named.Bytes)), now.AddDays(-30).UtcDateTime);
        var rows = new HashSet<string>(StringComparer.Ordinal) { Hash(named.Bytes) };

        var orphans = new FileBackups(app.FilesRoot, new StringWriter()).Orphans(rows, now);
        Assert.Equal([old], orphans.Select(o => o.Hash).Where(h => h == old || h == fresh || h == Hash(named.Bytes)));
        Assert.True(File.Exists(StoredPath(old)));
        File.Delete(StoredPath(old));
        File.Delete(StoredPath(fresh));
    }
}
