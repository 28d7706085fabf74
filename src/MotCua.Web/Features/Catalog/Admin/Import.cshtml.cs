using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Data;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Catalog.Admin;

/// <summary>
/// Importing the national catalogue from the browser: upload the crawl, or take the copy already on the server
/// (Motcua:CatalogFile, by default the shared data folder); the import runs in the background and the page polls it.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[RequestSizeLimit(MaxUpload)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
public sealed class ImportModel(MotCuaDb db, CatalogImportRunner runner, IConfiguration config) : PageModel
{
    public const long MaxUpload = 100 * 1024 * 1024;

    public string? ServerFile
    {
        get
        {
            var path = config["Motcua:CatalogFile"];
            return path is { Length: > 0 } && System.IO.File.Exists(path) ? path : null;
        }
    }
    public CatalogImportRunner.State Status => runner.Status;
    public IReadOnlyList<CatalogImport> Recent { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Recent = await RecentAsync(ct);

    private async Task<IReadOnlyList<CatalogImport>> RecentAsync(CancellationToken ct) =>
        await db.CatalogImports.AsNoTracking().OrderByDescending(i => i.Id).Take(10).ToListAsync(ct);

    /// <summary>What the progress block shows; <see cref="Recent"/> only once the import has ended, to refresh the list beside it.</summary>
    public sealed record ProgressView(CatalogImportRunner.State Status, IReadOnlyList<CatalogImport>? Recent);

    public async Task<PartialViewResult> OnGetProgressAsync(CancellationToken ct)
    {
        var status = runner.Status;
        return Partial("_ImportProgress", new ProgressView(status, status.Running ? null : await RecentAsync(ct)));
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return await FailAsync("Vui lòng chọn tệp .jsonl của danh mục thủ tục.", ct);
        using var content = new MemoryStream();
        await file.CopyToAsync(content, ct);
        return await StartAsync(content.ToArray(), Path.GetFileName(file.FileName), ct);
    }

    public async Task<IActionResult> OnPostServerAsync(CancellationToken ct) =>
        ServerFile is { } path
            ? await StartAsync(await System.IO.File.ReadAllBytesAsync(path, ct), Path.GetFileName(path), ct)
            : await FailAsync("Không có tệp danh mục trên máy chủ.", ct);

    private async Task<IActionResult> StartAsync(byte[] content, string source, CancellationToken ct) =>
        runner.TryStart(content, source, Claims.UserIdOf(User))
            ? RedirectToPage()
            : await FailAsync("Đang có một lượt nhập danh mục chạy; vui lòng đợi lượt đó xong.", ct);

    private async Task<IActionResult> FailAsync(string message, CancellationToken ct)
    {
        Error = message;
        await OnGetAsync(ct);
        return Page();
    }
}
