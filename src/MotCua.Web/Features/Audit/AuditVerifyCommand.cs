namespace MotCua.Web.Features.Audit;

/// <summary><c>./run.sh verify-audit</c>: walks the audit log's hash chain, prints what it found and exits.</summary>
public static class AuditVerifyCommand
{
    public static bool Matches(string[] args) => args is ["verify-audit", ..];

    /// <summary>Returns the process exit code: 0 the chain and its keyed checkpoints are whole, 1 a link or a checkpoint
    /// is broken (the first one is printed).</summary>
    public static async Task<int> RunAsync(Database database, Infrastructure.DeploymentKey key, TextWriter output)
    {
        var state = await AuditChain.VerifyAsync(database.ConnectionString, key, CancellationToken.None);
        await output.WriteLineAsync(Describe(state));
        return state.Intact ? 0 : 1;
    }

    /// <summary>The finding as one or two lines of plain Vietnamese text.</summary>
    public static string Describe(AuditChainState state) => state.Intact
        ? $"Chuỗi nhật ký nguyên vẹn: {state.Rows} dòng, kiểm tra trong {state.Took.TotalSeconds:0.000} giây. Mắt xích cuối: số {state.LastSeq?.ToString() ?? "—"}, mã băm {state.HeadHash ?? "—"}.\n"
          + $"  {Anchored(state)}"
        : $"CHUỖI NHẬT KÝ BỊ PHÁ tại mắt xích số {state.BrokenSeq} (dòng id {state.BrokenId}): {state.Problem}.\n"
          + $"  {state.Rows} dòng trước đó còn nguyên; mắt xích tốt cuối cùng: số {state.LastSeq?.ToString() ?? "—"}, mã băm {state.HeadHash ?? "—"}.";

    /// <summary>What the keyed checkpoints vouch for, in one sentence.</summary>
    public static string Anchored(AuditChainState state) => state.AnchoredSeq is { } seq
        ? $"{state.Checkpoints} mốc kiểm chứng ký bằng khóa triển khai đều đúng; mốc cuối ở mắt xích số {seq}, lúc {state.AnchoredAt!.Value.ToOffset(MotCua.Domain.Calendar.VietnamTime.Offset):dd/MM/yyyy HH:mm:ss}. Các dòng sau mốc cuối chỉ có chuỗi mã băm thường bảo vệ cho đến mốc kế tiếp (mỗi phút)."
        : "Chưa có mốc kiểm chứng ký bằng khóa triển khai (mốc đầu tiên được ghi trong vòng một phút khi ứng dụng chạy).";
}
