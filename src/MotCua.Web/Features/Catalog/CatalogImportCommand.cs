using System.Text.Json;
using MotCua.Data;

namespace MotCua.Web.Features.Catalog;

/// <summary><c>dotnet run --project src/MotCua.Web -- import-catalog &lt;file.jsonl&gt;</c>: imports, prints the report, exits.</summary>
public static class CatalogImportCommand
{
    public static bool Matches(string[] args) => args is ["import-catalog", ..];

    /// <summary>
    /// Returns the process exit code: 0 imported, 1 failed, 2 wrong usage or no such file. A relative path is the
    /// caller's: run.sh makes it absolute before leaving the caller's folder; here it is read from the current folder.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Database database, TextWriter output)
    {
        if (args is not [_, var path])
        {
            await output.WriteLineAsync("Cách dùng: import-catalog <tệp .jsonl của Cổng Dịch vụ công quốc gia>");
            return 2;
        }
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"Không tìm thấy tệp danh mục thủ tục \"{Path.GetFullPath(path)}\". Kiểm tra lại đường dẫn (đường dẫn tương đối tính từ thư mục đang đứng khi chạy lệnh).");
            await output.WriteLineAsync("Cách dùng: import-catalog <tệp .jsonl của Cổng Dịch vụ công quốc gia>");
            return 2;
        }
        var importer = new CatalogImporter(database.ConnectionString, TimeProvider.System);
        await using var file = File.OpenRead(path);
        var report = await importer.ImportAsync(file, Path.GetFileName(path), null, null, CancellationToken.None);
        await output.WriteLineAsync(Describe(report));
        return 0;
    }

    /// <summary>The report as plain text: the numbers, what changed and which rows were kept only partly.</summary>
    public static string Describe(CatalogImport report)
    {
        var text = new System.Text.StringBuilder();
        var seconds = ((report.FinishedAt ?? report.StartedAt) - report.StartedAt).TotalSeconds;
        text.AppendLine($"Nhập danh mục thủ tục #{report.Id} từ {report.Source}: {report.Total} dòng trong {seconds:0.0} giây.");
        text.AppendLine($"  Phân tích đầy đủ: {report.FullRows}; một phần (giữ nguyên văn): {report.PartialRows}; số trường phải giữ nguyên văn: {report.RawTextFields}; dòng bị loại: {report.RejectedRows}.");
        text.AppendLine($"  Thêm mới: {report.Added}; có thay đổi (phiên bản mới): {report.Changed}; không đổi: {report.Unchanged}.");
        foreach (var change in report.Changes.Deserialize<List<ChangedProcedure>>(ProcedureSpecs.Json)!)
            text.AppendLine($"  Đổi {change.Code} v{change.FromVersion} → v{change.ToVersion}: {string.Join(", ", change.Components.Select(Admin.ReportModel.FieldName))}");
        var issues = report.Issues.Deserialize<CatalogImportIssues>(ProcedureSpecs.Json)!;
        foreach (var rejected in issues.Rejected)
            text.AppendLine($"  Loại dòng {rejected.Line}: {rejected.Reason}");
        var byField = issues.Partial.SelectMany(p => p.Fields).GroupBy(f => f).OrderByDescending(g => g.Count());
        text.AppendLine($"  Trường giữ nguyên văn: {string.Join(", ", byField.Select(g => $"{Admin.ReportModel.FieldName(g.Key)} {g.Count()}"))}.");
        if (issues.TimeLimits is { } limits)
        {
            text.AppendLine($"  Thời hạn tại quầy theo đơn vị: {string.Join("; ", MotCua.Domain.Catalog.TimeLimitSummary.Units.Select(u => $"{u.Label} {limits.ByUnit.GetValueOrDefault(u.Key)}"))}.");
            text.AppendLine($"  Cần xác nhận: {limits.Doubts.Count} giả định ở {limits.Doubts.Select(d => d.Code).Distinct().Count()} thủ tục; không xác định được thời hạn: {limits.Unplaced.Count} thủ tục.");
            foreach (var unplaced in limits.Unplaced)
                text.AppendLine($"  Không có thời hạn {unplaced.Code}: {unplaced.Published}{(unplaced.Hint is { } hint ? $"; {hint}" : "")}");
        }
        if (issues.Fees is { } fees)
        {
            text.AppendLine($"  Phí, lệ phí: đọc được {fees.Read} kênh; không xác định được {fees.Unplaced.Count} kênh ở {fees.Unplaced.Select(f => f.Code).Distinct().Count()} thủ tục.");
            foreach (var fee in fees.Unplaced)
                text.AppendLine($"  Không xác định phí {fee.Code} ({MotCua.Domain.Dossiers.DossierStatusNames.Vietnamese(fee.Channel)}): {fee.Reason}{(string.IsNullOrWhiteSpace(fee.Published) ? "" : $"; công bố: {fee.Published}")}");
        }
        return text.ToString();
    }
}
