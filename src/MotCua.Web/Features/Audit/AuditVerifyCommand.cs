namespace MotCua.Web.Features.Audit;

/// <summary><c>./run.sh verify-audit</c>: walks the audit log's hash chain, prints what it found and exits.</summary>
public static class AuditVerifyCommand
{
    public static bool Matches(string[] args) => args is ["verify-audit", ..];

    /// <summary>Returns the process exit code: 0 the chain is whole, 1 a link is broken (the first one is printed).</summary>
    public static async Task<int> RunAsync(Database database, TextWriter output)
    {
        var state = await AuditChain.VerifyAsync(database.ConnectionString, CancellationToken.None);
        await output.WriteLineAsync(Describe(state));
        return state.Intact ? 0 : 1;
    }

    /// <summary>The finding as one or two lines of plain Vietnamese text.</summary>
    public static string Describe(AuditChainState state) => state.Intact
        ? $"Chuỗi nhật ký nguyên vẹn: {state.Rows} dòng, kiểm tra trong {state.Took.TotalSeconds:0.000} giây. Mắt xích cuối: số {state.LastSeq?.ToString() ?? "—"}, mã băm {state.HeadHash ?? "—"}."
        : $"CHUỖI NHẬT KÝ BỊ PHÁ tại mắt xích số {state.BrokenSeq} (dòng id {state.BrokenId}): {state.Problem}.\n"
          + $"  {state.Rows} dòng trước đó còn nguyên; mắt xích tốt cuối cùng: số {state.LastSeq?.ToString() ?? "—"}, mã băm {state.HeadHash ?? "—"}.";
}
