using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Demo;

namespace MotCua.Web.Tests;

/// <summary>The preparation the processing tests share (as WriteAccessMatrixTests prepares with its principals).</summary>
internal static class ProcessingStages
{
    /// <summary>
    /// Submits a dossier of 1.004837 (1.001193 for the co-agency task) at the centre, online for the online actions, and
    /// brings it to where <paramref name="action"/> is next, each step through <paramref name="okAsync"/>(code, path,
    /// body), which must get it done (200). Returns the dossier's code.
    /// </summary>
    public static async Task<string> PrepareAsync(MotCuaApp app, ProcessingAction action, Func<string, string, object, Task> okAsync)
    {
        var coAgency = action == ProcessingAction.CompleteCoAgencyTask;
        var channel = action is ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline ? "online" : "direct";
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: coAgency ? "1.001193" : "1.004837", agencyCode: DemoData.CentreCode, channel: channel));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        switch (action)
        {
            case ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline or ProcessingAction.Transfer or ProcessingAction.Withdraw:
                break;
            case ProcessingAction.Stop:
                await okAsync(code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
                break;
            default:
                await okAsync(code, "transfer", new { });
                if (action is ProcessingAction.Assign or ProcessingAction.CompleteCoAgencyTask) break;
                await okAsync(code, "assign", new { userName = "chuyenvien.trungtam" });
                if (action is ProcessingAction.CompleteStep or ProcessingAction.SendBack or ProcessingAction.RequestSupplement
                    or ProcessingAction.RequireFinancialObligation or ProcessingAction.Extend) break;
                if (action == ProcessingAction.SupplementReceived)
                {
                    await okAsync(code, "supplement-request", new { items = new[] { new { document = "Tờ khai", reason = "Thiếu chữ ký" } } });
                    break;
                }
                if (action == ProcessingAction.PaymentReceived)
                {
                    await okAsync(code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = 8000, kind = "charge" });
                    break;
                }
                await okAsync(code, "complete-step", new { note = "Hồ sơ hợp lệ" });
                if (action is ProcessingAction.Approve or ProcessingAction.RefuseOnMerits) break;
                await okAsync(code, "approve", new { });
                if (action == ProcessingAction.ResultReady) break;
                await okAsync(code, "result-ready", new { });
                break;
        }
        return code;
    }
}
