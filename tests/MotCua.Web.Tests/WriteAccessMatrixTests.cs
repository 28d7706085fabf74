using MotCua.Domain.Calendar;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Data;
using MotCua.Domain.Dossiers;
using MotCua.Web.Features.Account;
using MotCua.Web.Features.Demo;
using MotCua.Web.Features.Processing;
using Npgsql;
using Xunit.Abstractions;

namespace MotCua.Web.Tests;

/// <summary>
/// Every endpoint and page handler that writes (POST, PUT, PATCH, DELETE), read from the app's route table at run time,
/// called by every role (each <see cref="OfficerRole"/> at the dossier's own agency, at a partner agency and at a foreign
/// one, anonymously, and as an integrated system): only who the rule allows succeeds; everyone else is refused and the
/// database (every table but the audit log of reads) is byte for byte what it was. For dossier actions the expected answer
/// is the Domain's own (<see cref="Dossier.VisibilityFor"/>, <see cref="Dossier.RefusalOf"/>) on the dossier as it is just
/// before the call. A writing endpoint without an entry in <see cref="Rules"/> fails the test, so a new one cannot slip by.
/// </summary>
public class WriteAccessMatrixTests(MotCuaApp app, ITestOutputHelper output) : IClassFixture<MotCuaApp>
{
    private static readonly TimeSpan Vn = VietnamTime.Offset;
    private const string JusticeCode = "000.00.02.H46";

    /// <summary>Who may call a writing endpoint that is not a dossier action.</summary>
    private enum Rule
    {
        /// <summary>Anyone, and nothing is written (sign-in, signature checks).</summary>
        Anyone,
        /// <summary>Issue 17: a rating, the applicant's: anonymous, a citizen or the kiosk; an officer's cookie or an integrated
        /// system's key is refused with 403 (RatingCaller: the rated never rate).</summary>
        Applicant,
        /// <summary>Anyone; an officer's sign-out writes a new security stamp, which ends all their sessions (issue 12, item 1).</summary>
        SignOut,
        /// <summary>The administrator role (policy <see cref="Policies.Admin"/>).</summary>
        Admin,
        /// <summary>An integrated system with an API key (intake over the API).</summary>
        ApiClient,
        /// <summary>An integrated system granted <c>portal-push</c> (the National Portal, issue 16).</summary>
        PortalPush,
        /// <summary>An integrated system granted <c>monitoring-ingest</c> (a ministry's system, issue 16).</summary>
        MonitoringIngest,
        /// <summary>The receiving officer at their desk (issue 8: the desk branch puts POST /tiep-nhan under a Domain rule).</summary>
        DeskIntake,
        /// <summary>Any signed-in officer, for their own account (changing their own password).</summary>
        SignedIn,
        /// <summary>A dossier action; the Domain decides (the page's Act handler takes every <see cref="ProcessingAction"/>).</summary>
        DossierAction,
        /// <summary>A record an officer makes about a dossier without changing it; the Domain's rule in <see cref="Records"/> decides.</summary>
        DossierRecord,
        /// <summary>The accountant (kế toán) role, at any unit: which unit's requests and payments they may touch is decided
        /// per row (404 for another unit's), issue 14.</summary>
        Accountant,
        /// <summary>An SMS/Zalo gateway signing with its shared secret (HMAC-SHA256, no session, no key): nobody in the matrix
        /// has the secret, so every call is a 401 that writes nothing (issue 13, delivery receipts).</summary>
        SignedByGateway,
        /// <summary>Issue 14: the accountant or the leader (ReceiptCancellation.MayCancel); others 403 before any receipt is looked up.</summary>
        AccountantOrLeader,
        /// <summary>Issue 15: a correction of an official book (OfficialBook.MayCorrect): the specialist or the leader of the
        /// unit keeping it (the matrix corrects the Sổ đăng ký khai sinh, whose receiving officer may not); others 403.</summary>
        BookCorrection,
        /// <summary>Issue 16: an officer who handles feedback (FeedbackOfficers.MayHandle) at an agency; the matrix's number
        /// exists nowhere, so an allowed act is a 404 and a transcription without fields a 422, neither writing anything.</summary>
        FeedbackOfficer,
        /// <summary>Issue 17: staging uploads, an integrated system or the receiving officer at the desk (Dossier.CheckIntake).</summary>
        Staging,
        /// <summary>Issue 17: a unit's TT 01/2018 score (RatingAccess.MayWrite), asked for the centre: its leader (self-score)
        /// and the inspector (appraised score); the matrix's empty body is then a 422 that writes nothing.</summary>
        UnitScore,
        /// <summary>Issue 17: the scoring page, on the officer's own unit when none is named: any leader (their unit) and the
        /// inspector (no unit: the page asks for one); others 403.</summary>
        UnitScorePage,
        /// <summary>Issue 17, piece A: the citizen's sign-out, the signed-in citizen's alone (a new security stamp ends all their
        /// sessions); everyone else is sent to the citizens' sign-in.</summary>
        CitizenSignOut,
        /// <summary>Issue 17, piece B: the citizen's own online submission (the citizens' scheme only): the signed-in citizen,
        /// whose draft 999999 does not exist or whose procedure is not offered online here (404 or 422, nothing written);
        /// every officer, system and anonymous caller is sent to the citizens' sign-in.</summary>
        Citizen,
        /// <summary>Issue 17, piece E: the queue at the desk (call the next number, the ticket's transitions, the desk panel):
        /// receiving officers; the matrix's counter and ticket 999999 exist nowhere (404) and its empty panel forms change
        /// nothing; everyone else 401/403 or the sign-in page.</summary>
        QueueDesk,
        /// <summary>Issue 17, piece E: printing a ticket at the kiosk: an enrolled kiosk of the centre (the matrix's empty
        /// form names no service: 404 or 422, nothing written); every other browser 403.</summary>
        KioskDevice,
        /// <summary>Issue 14, eleventh trial: "Xác định phí, lệ phí" later (LaterFee.MayFix), the receiving officer and the
        /// accountant; the matrix's dossier code exists nowhere (404, nothing written); others 403 before any lookup.</summary>
        FeeSetter,
        /// <summary>Issue 17: a file added to a received dossier (POST /api/v1/dossiers/{code}/files): whoever may read the
        /// dossier, then an officer of its receiving agency or the system that submitted it. The matrix's code names no
        /// dossier, so every signed-in officer and system gets 404 and nothing is written; anonymous callers 401. The
        /// per-dossier rule is DossierFilesApiTests'.</summary>
        DossierFileAdd,
    }

    /// <summary>The writing endpoints that are not API dossier actions (those carry <see cref="ProcessingActionMetadata"/>).</summary>
    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["POST /ho-so/{code}?handler=Act"] = Rule.DossierAction,
        ["POST /ho-so/{code}"] = Rule.DossierAction,
        ["POST /api/v1/dossiers"] = Rule.ApiClient,
        ["POST /api/v1/files/staged"] = Rule.Staging,
        ["POST /api/v1/dossiers/{code}/files"] = Rule.DossierFileAdd,
        ["POST /cong-dan/nop/{agency}/{procedure}?handler=Form"] = Rule.Citizen,
        ["POST /cong-dan/nop/{agency}/{procedure}?handler=Remove"] = Rule.Citizen,
        ["POST /cong-dan/nop/{agency}/{procedure}?handler=Submit"] = Rule.Citizen,
        ["POST /cong-dan/ban-nhap/{draft:long}/tep"] = Rule.Citizen,
        ["POST /cong-dan/ho-so/{code}/bo-sung/tep"] = Rule.Citizen,
        ["POST /cong-dan/ho-so/{code}?handler=Supplement"] = Rule.Citizen,
        ["POST /cong-dan/ho-so/{code}?handler=Withdraw"] = Rule.Citizen,
        ["POST /cong-dan/ho-so/{code}?handler=Rate"] = Rule.Citizen,
        ["POST /cong-dan/api/files"] = Rule.Citizen,
        ["POST /cong-dan/api/dossiers"] = Rule.Citizen,
        ["POST /cong-dan/api/dossiers/{code}/supplement/files"] = Rule.Citizen,
        ["POST /cong-dan/api/dossiers/{code}/supplement"] = Rule.Citizen,
        ["POST /cong-dan/api/dossiers/{code}/withdraw"] = Rule.Citizen,
        ["POST /cong-dan/api/dossiers/{code}/rating"] = Rule.Citizen,
        ["POST /tiep-nhan"] = Rule.DeskIntake,
        // Issue 16: the population database lookup, the receiving officer's (the page and the API).
        ["POST /tiep-nhan/tra-cuu-cong-dan"] = Rule.DeskIntake,
        ["POST /tiep-nhan/so-hoa"] = Rule.DeskIntake, // Trial 30: the digitisation panel, posted with the whole desk form (reads, writes only the audit of reads)
        ["POST /tiep-nhan/so-hoa/dung-lai"] = Rule.DeskIntake, // Issue 17 piece C: "Dùng lại" stages a reference to an earlier file
        ["POST /api/v1/citizens/lookup"] = Rule.DeskIntake,
        ["POST /dang-nhap"] = Rule.Anyone,
        ["POST /dang-xuat"] = Rule.SignOut,
        ["POST /xac-thuc"] = Rule.Anyone,
        ["POST /api/v1/signatures/verify"] = Rule.Anyone,
        // The opt-out link's token is its authority; a wrong one writes nothing.
        ["POST /thong-bao/huy/{token}"] = Rule.Anyone,
        ["PUT /api/v1/calendar/{year:int}/official-days"] = Rule.Admin,
        ["PUT /api/v1/agencies/{code}/calendar"] = Rule.Admin,
        ["PUT /api/v1/agencies/{code}/procedures/{procedureCode}/cutoff"] = Rule.Admin,
        ["PUT /api/v1/agencies/{agencyCode}/procedures/{code}"] = Rule.Admin,
        ["POST /quan-tri/lich?handler=AddRow"] = Rule.Admin,
        ["POST /quan-tri/lich?handler=Save"] = Rule.Admin,
        ["POST /quan-tri/lich?handler=Reset"] = Rule.Admin,
        ["POST /quan-tri/lich?handler=Hours"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/{code}"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/nhap?handler=Upload"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/nhap?handler=Server"] = Rule.Admin,
        ["POST /quan-tri/co-quan/{agencyCode}/thu-tuc/{code}"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/{code}/bieu-mau"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/{code}/bieu-mau?handler=Preview"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/{code}/thanh-phan-ho-so"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/tu-thong-dung?handler=Save"] = Rule.Admin,
        ["POST /quan-tri/thu-tuc/tu-thong-dung?handler=Delete"] = Rule.Admin,
        ["POST /api/v1/search-terms/"] = Rule.Admin,
        ["PUT /api/v1/search-terms/{id:int}"] = Rule.Admin,
        ["DELETE /api/v1/search-terms/{id:int}"] = Rule.Admin,
        ["POST /quan-tri/don-vi/{code}"] = Rule.Admin,
        ["POST /quan-tri/don-vi/sap-xep?handler=Preview"] = Rule.Admin,
        ["POST /quan-tri/don-vi/sap-xep?handler=Execute"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung"] = Rule.Admin,
        ["POST /quan-tri/he-thong"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung/{userName}"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung/{userName}?handler=Deactivate"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung/{userName}?handler=Reactivate"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung/{userName}?handler=Password"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung/{userName}/chung-thu"] = Rule.Admin,
        ["POST /quan-tri/nguoi-dung/{userName}/chung-thu?handler=Revoke"] = Rule.Admin,
        ["POST /api/v1/admin/agencies"] = Rule.Admin,
        ["PUT /api/v1/admin/agencies/{code}"] = Rule.Admin,
        ["POST /api/v1/admin/reorganisations"] = Rule.Admin,
        ["POST /api/v1/admin/users"] = Rule.Admin,
        ["PUT /api/v1/admin/users/{userName}"] = Rule.Admin,
        ["POST /api/v1/admin/users/{userName}/deactivate"] = Rule.Admin,
        ["POST /api/v1/admin/users/{userName}/reactivate"] = Rule.Admin,
        ["POST /api/v1/admin/users/{userName}/password"] = Rule.Admin,
        ["POST /quan-tri/gui-di?handler=Resend"] = Rule.Admin,
        ["POST /api/v1/admin/outbox/{id:long}/resend"] = Rule.Admin,
        // Issue 16: the National Public Service Portal sync's re-push.
        ["POST /quan-tri/cong-dvcqg?handler=Repush"] = Rule.Admin,
        ["POST /api/v1/dossiers/{code}/sync/repush"] = Rule.Admin,
        ["POST /api/v1/admin/portal/repush"] = Rule.Admin,
        ["POST /quan-tri/mau-thong-bao?handler=Save"] = Rule.Admin,
        ["POST /quan-tri/mau-thong-bao?handler=Preview"] = Rule.Admin,
        ["PUT /api/v1/admin/notification-templates/{event}/{channel}"] = Rule.Admin,
        ["POST /api/v1/notifications/receipts/{provider}"] = Rule.SignedByGateway,
        ["POST /quan-tri/webhook"] = Rule.Admin,
        ["POST /quan-tri/webhook?handler=Deactivate"] = Rule.Admin,
        ["POST /quan-tri/webhook?handler=Reactivate"] = Rule.Admin,
        ["POST /api/v1/admin/webhooks/"] = Rule.Admin,
        ["PUT /api/v1/admin/webhooks/{id:int}"] = Rule.Admin,
        ["POST /api/v1/admin/webhooks/{id:int}/deactivate"] = Rule.Admin,
        ["POST /api/v1/admin/webhooks/{id:int}/reactivate"] = Rule.Admin,
        // Issue 14, requests: collection accounts.
        ["POST /quan-tri/tai-khoan-thu"] = Rule.Admin,
        ["POST /quan-tri/tai-khoan-thu?handler=Deactivate"] = Rule.Admin,
        ["POST /quan-tri/tai-khoan-thu?handler=Activate"] = Rule.Admin,
        ["POST /api/v1/admin/collection-accounts/"] = Rule.Admin,
        ["POST /api/v1/admin/collection-accounts/{id:int}/deactivate"] = Rule.Admin,
        ["POST /api/v1/admin/collection-accounts/{id:int}/activate"] = Rule.Admin,
        // Issue 14, confirmation: a payment partner signs its callback as the gateways do (nobody in the matrix holds a secret).
        ["POST /api/v1/admin/payment-partners/"] = Rule.Admin,
        ["POST /api/v1/admin/payment-partners/{id:int}/deactivate"] = Rule.Admin,
        ["POST /quan-tri/doi-tac-thanh-toan"] = Rule.Admin,
        ["POST /quan-tri/doi-tac-thanh-toan?handler=Deactivate"] = Rule.Admin,
        ["POST /api/v1/payments/callback"] = Rule.SignedByGateway,
        ["POST /api/v1/payments/"] = Rule.Accountant,
        ["POST /api/v1/payments/{id:long}/resolve"] = Rule.Accountant,
        ["POST /api/v1/payments/{id:long}/refunds"] = Rule.Accountant,
        ["POST /api/v1/payments/{id:long}/attach"] = Rule.Accountant,
        ["POST /api/v1/payments/{id:long}/receipt"] = Rule.AccountantOrLeader,
        ["POST /ke-toan?handler=Confirm"] = Rule.Accountant,
        ["POST /ke-toan?handler=Resolve"] = Rule.Accountant,
        ["POST /ke-toan?handler=Refund"] = Rule.Accountant,
        ["POST /ke-toan?handler=Replace"] = Rule.Accountant,
        ["POST /ke-toan?handler=Attach"] = Rule.Accountant,
        ["POST /ke-toan?handler=CancelReceipt"] = Rule.Accountant,
        ["POST /ke-toan?handler=Conflict"] = Rule.Accountant,
        ["POST /api/v1/payments/replay-conflicts/{id:long}/note"] = Rule.Accountant,
        ["POST /tai-khoan/mat-khau"] = Rule.SignedIn,
        ["POST /api/v1/account/password"] = Rule.SignedIn,
        ["POST /thong-bao?handler=Read"] = Rule.SignedIn,
        ["POST /api/v1/officer-notices/{id:long}/read"] = Rule.SignedIn,
        ["POST /api/v1/dossiers/{code}/field-verifications"] = Rule.DossierRecord,
        ["POST /api/v1/dossiers/{code}/losses"] = Rule.DossierRecord,
        ["POST /ho-so/{code}/xac-minh"] = Rule.DossierRecord,
        ["POST /ho-so/{code}/mat-hu-hong"] = Rule.DossierRecord,
        ["POST /api/v1/receipts/{id:long}/cancel"] = Rule.AccountantOrLeader,
        ["POST /api/v1/registers/{book}/{year:int}/{number:int}/corrections"] = Rule.BookCorrection,
        ["POST /so-dang-ky?handler=Correct"] = Rule.BookCorrection,
        ["PUT /api/v1/admin/agencies/{code}/receipt-series"] = Rule.Admin,
        ["POST /quan-tri/ky-hieu-bien-lai"] = Rule.Admin,
        // Issue 16: feedback. The public form and API take anyone (rate-limited); the portal's push an API client.
        ["POST /api/v1/feedback"] = Rule.Anyone,
        // Issue 17, piece D: the applicant's rating (code + token, anyone) by the API and the page; the unit scores.
        ["POST /api/v1/ratings"] = Rule.Applicant,
        ["POST /danh-gia"] = Rule.Applicant,
        ["PUT /api/v1/reports/unit-scores/{agency}/{quarter}"] = Rule.UnitScore,
        ["POST /bao-cao/cham-diem"] = Rule.UnitScorePage,
        ["POST /phan-anh-kien-nghi/gui"] = Rule.Anyone,
        // Issue 17, piece A: asking for a code and typing it are anyone's (the matrix's empty form is a 422 or "no code
        // waiting", writing nothing); the citizen's sign-out is theirs.
        ["POST /cong-dan/dang-nhap"] = Rule.Anyone,
        ["POST /cong-dan/dang-nhap/ma"] = Rule.Anyone,
        ["POST /cong-dan/dang-xuat"] = Rule.CitizenSignOut,
        ["POST /api/v1/portal/feedback"] = Rule.PortalPush,
        ["POST /api/v1/portal/dossiers"] = Rule.PortalPush,
        ["POST /api/v1/monitoring/dossiers"] = Rule.MonitoringIngest,
        ["POST /api/v1/feedback/desk"] = Rule.FeedbackOfficer,
        ["POST /pakn/moi"] = Rule.FeedbackOfficer,
        ["POST /pakn/{number}?handler=Act"] = Rule.FeedbackOfficer,
        ["POST /api/v1/feedback/{number}/classify"] = Rule.FeedbackOfficer,
        ["POST /api/v1/feedback/{number}/request-information"] = Rule.FeedbackOfficer,
        ["POST /api/v1/feedback/{number}/information-received"] = Rule.FeedbackOfficer,
        ["POST /api/v1/feedback/{number}/answer"] = Rule.FeedbackOfficer,
        ["POST /api/v1/feedback/{number}/publish"] = Rule.FeedbackOfficer,
        ["POST /api/v1/feedback/{number}/route-away"] = Rule.FeedbackOfficer,
        // Issue 17, piece E: a ticket is anyone's to take (the matrix's empty body names no service: 422 or, without queue
        // services, 404), and its holder's token is the only key to cancel or rate it; the desk's calls are receiving officers'.
        ["POST /api/v1/queue/{agency}/tickets"] = Rule.Anyone,
        ["POST /xep-hang/{agency}"] = Rule.Anyone,
        ["POST /xep-hang/ve/{token}?handler=Cancel"] = Rule.Anyone,
        ["POST /xep-hang/ve/{token}?handler=Rate"] = Rule.Anyone,
        ["POST /api/v1/queue/counters/{id:int}/call-next"] = Rule.QueueDesk,
        ["POST /api/v1/queue/tickets/{id:long}/recall"] = Rule.QueueDesk,
        ["POST /api/v1/queue/tickets/{id:long}/start"] = Rule.QueueDesk,
        ["POST /api/v1/queue/tickets/{id:long}/done"] = Rule.QueueDesk,
        ["POST /api/v1/queue/tickets/{id:long}/no-show"] = Rule.QueueDesk,
        ["POST /quay/goi"] = Rule.QueueDesk, // trial 17t LOW 9: a post naming no handler says nothing changed
        ["POST /quay/goi?handler=Take"] = Rule.QueueDesk,
        ["POST /quay/goi?handler=Next"] = Rule.QueueDesk,
        ["POST /quay/goi?handler=Recall"] = Rule.QueueDesk,
        ["POST /quay/goi?handler=Start"] = Rule.QueueDesk,
        ["POST /quay/goi?handler=Finish"] = Rule.QueueDesk,
        ["POST /quay/goi?handler=NoShow"] = Rule.QueueDesk,
        ["POST /kiosk/lay-so"] = Rule.KioskDevice,
        ["POST /kiosk/ghi-danh/{secret}"] = Rule.Anyone, // the one-time secret is the authority; the matrix's exists nowhere
        ["POST /quan-tri/kiosk?handler=Create"] = Rule.Admin,
        ["POST /quan-tri/kiosk?handler=Revoke"] = Rule.Admin,
        // The queue's administration (docs/CITIZENS.md "Queue administration"): the matrix's empty body names no list, its
        // empty forms no letter or number: 422, nothing written.
        ["PUT /api/v1/admin/queue/{agency}"] = Rule.Admin,
        ["POST /quan-tri/xep-hang?handler=Service"] = Rule.Admin,
        ["POST /quan-tri/xep-hang?handler=Counter"] = Rule.Admin,
        ["POST /api/v1/dossiers/{code}/fee"] = Rule.FeeSetter,
        ["POST /ho-so/{code}?handler=Fee"] = Rule.FeeSetter,
    };

    /// <summary>A record of <see cref="Rule.DossierRecord"/>: the Domain's rule, and valid input (API body, page form) for a
    /// dossier received at the given instant.</summary>
    private sealed record DossierRecordRule(Func<Dossier, Officer, DossierStateException?> Check, Func<DateTimeOffset, object> Json,
        Func<DateTimeOffset, Dictionary<string, string>> Form);

    private static readonly DossierRecordRule FieldVerification = new((d, o) => d.CheckFieldVerification(o),
        received => new
        {
            place = "Nhà ông Nguyễn Văn An", startedAt = received.AddMinutes(5), endedAt = received.AddMinutes(30),
            participants = new[] { "Phạm Thị Diệu Linh" }, chair = "Phạm Thị Diệu Linh", secretary = "Phạm Thị Diệu Linh", findings = "Đúng địa chỉ đã khai",
        },
        received => new()
        {
            ["Place"] = "Nhà ông Nguyễn Văn An", ["StartedAt"] = received.AddMinutes(5).ToOffset(Vn).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["EndedAt"] = received.AddMinutes(30).ToOffset(Vn).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["Participants"] = "Phạm Thị Diệu Linh", ["Chair"] = "Phạm Thị Diệu Linh", ["Secretary"] = "Phạm Thị Diệu Linh", ["Findings"] = "Đúng địa chỉ đã khai",
        });

    private static readonly DossierRecordRule Loss = new((d, o) => d.CheckLossRecord(o),
        _ => new { kind = "lost", description = "Tờ khai", remedy = "Lập lại tờ khai", costVnd = 0 },
        _ => new() { ["Kind"] = "Lost", ["Description"] = "Tờ khai", ["Remedy"] = "Lập lại tờ khai", ["CostVnd"] = "0" });

    /// <summary>The writing endpoints of <see cref="Rule.DossierRecord"/> and their rules.</summary>
    private static readonly Dictionary<string, DossierRecordRule> Records = new()
    {
        ["POST /api/v1/dossiers/{code}/field-verifications"] = FieldVerification,
        ["POST /ho-so/{code}/xac-minh"] = FieldVerification,
        ["POST /api/v1/dossiers/{code}/losses"] = Loss,
        ["POST /ho-so/{code}/mat-hu-hong"] = Loss,
    };

    private sealed record WritingEndpoint(string Method, string Route, string? Handler, ProcessingAction? Action)
    {
        public string Key => $"{Method} {Route}" + (Handler is null ? "" : $"?handler={Handler}");
        public bool IsPage => !Route.StartsWith("/api/", StringComparison.Ordinal) && !Route.StartsWith("/cong-dan/api/", StringComparison.Ordinal) && Route != "/dang-xuat";
    }

    // The route table as the running app has it: minimal APIs with their HTTP methods, Razor Pages with their handler methods.
    private async Task<List<WritingEndpoint>> WritingEndpointsAsync()
    {
        string[] writing = ["POST", "PUT", "PATCH", "DELETE"];
        var found = new List<WritingEndpoint>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                found.AddRange(compiled.HandlerMethods.Where(h => writing.Contains(h.HttpMethod.ToUpperInvariant()))
                    .Select(h => new WritingEndpoint(h.HttpMethod.ToUpperInvariant(), route, h.Name, null)));
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
            {
                found.AddRange(methods.HttpMethods.Intersect(writing)
                    .Select(m => new WritingEndpoint(m, route, null, endpoint.Metadata.GetMetadata<ProcessingActionMetadata>()?.Action)));
            }
        }
        return [.. found.DistinctBy(e => e.Key).OrderBy(e => e.Key, StringComparer.Ordinal)];
    }

    /// <summary>Who calls. A citizen signed in with the citizens' scheme (issue 17) is as anonymous to every route outside
    /// the citizens' pages: their cookie is sent by hand to every path, so the officers' schemes are seen to ignore it.</summary>
    private sealed record Principal(string Name, HttpClient Client, Officer? Officer, bool ApiKey, bool PortalGrants = false)
    {
        public bool Anonymous => Officer is null && !ApiKey;
    }

    // A matrix user for every role at the centre (the dossiers' own agency), Sở Tư pháp (a partner: the co-agency) and
    // Phú Xuân (foreign); the inspector has no agency.
    private async Task<List<Principal>> PrincipalsAsync()
    {
        var places = new[] { ("own", DemoData.CentreCode), ("partner", JusticeCode), ("foreign", DemoData.PhuXuanCode) };
        var roles = new Dictionary<OfficerRole, string>
        {
            [OfficerRole.ReceivingOfficer] = Roles.ReceivingOfficer, [OfficerRole.Specialist] = Roles.Specialist,
            [OfficerRole.DepartmentHead] = Roles.DepartmentHead, [OfficerRole.Leader] = Roles.Leader, [OfficerRole.Accountant] = Roles.Accountant,
            [OfficerRole.Admin] = Roles.Admin, [OfficerRole.Inspector] = Roles.Inspector,
        };
        Assert.Equal(Enum.GetValues<OfficerRole>().Order(), roles.Keys.Order());
        var users = new List<(string UserName, OfficerRole Role, int? AgencyId)>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MotCuaDb>();
            var agencies = await db.Agencies.Where(a => places.Select(p => p.Item2).Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Id);
            foreach (var (role, roleName) in roles)
                foreach (var (place, code) in role == OfficerRole.Inspector ? places[..1] : places)
                {
                    var user = new User
                    {
                        UserName = $"m.{role}.{place}".ToLowerInvariant(), FullName = $"Kiểm thử {role} {place}", Role = roleName,
                        AgencyId = role == OfficerRole.Inspector ? null : agencies[code], PasswordHash = "", CreatedAt = app.Clock.Now,
                    };
                    user.PasswordHash = Infrastructure.Passwords.Hash(user, DemoData.Password);
                    db.Users.Add(user);
                    await db.SaveChangesAsync();
                    users.Add((user.UserName, role, user.AgencyId));
                }
            var ids = await db.Users.Where(u => u.UserName.StartsWith("m.")).ToDictionaryAsync(u => u.UserName, u => u.Id);
            var principals = new List<Principal>();
            foreach (var (userName, role, agency) in users)
                principals.Add(new(userName, await app.OfficerAsync(userName), new Officer(new Actor(userName, ids[userName]), role, agency), false));
            principals.Add(new("anonymous", app.SessionClient(), null, false));
            var client = app.SessionClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", DemoData.ApiKey);
            principals.Add(new("api-client", client, null, true));
            // Issue 16: the demo's portal client, granted portal-push and monitoring-ingest.
            var portal = app.SessionClient();
            portal.DefaultRequestHeaders.Add("X-Api-Key", DemoData.PortalApiKey);
            principals.Add(new("portal-client", portal, null, true, PortalGrants: true));
            var citizenId = await app.ScalarAsync("INSERT INTO citizens (id_number, full_name, assurance, security_stamp) VALUES ('046095001234', 'Nguyễn Văn An', 1, 'ma-tran-ghi') RETURNING id");
            var (_, setCookie) = await CitizenSchemeTests.SignedInAsync(app, citizenId);
            // A browser's jar: the citizens' cookie on its path, and the antiforgery cookie the pages set, so that a page outside
            // the citizens' (the kiosk's ticket) refuses the citizen for who they are, not for a missing antiforgery cookie.
            var jar = new System.Net.CookieContainer();
            jar.SetCookies(app.BaseAddress, setCookie);
            var citizen = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = app.BaseAddress };
            principals.Add(new("citizen", citizen, null, false));
            // Issue 17, piece E: an enrolled kiosk of the centre, to every route but the queue's and the kiosk's an anonymous browser.
            var kiosk = new System.Net.CookieContainer();
            var kioskCookie = await QueueTests.KioskCookieAsync(app, DemoData.CentreCode);
            kiosk.Add(app.BaseAddress, new System.Net.Cookie(kioskCookie[..kioskCookie.IndexOf('=', StringComparison.Ordinal)], kioskCookie[(kioskCookie.IndexOf('=', StringComparison.Ordinal) + 1)..]));
            principals.Add(new("kiosk", new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = kiosk }) { BaseAddress = app.BaseAddress }, null, false));
            return principals;
        }
    }

    private Principal By(List<Principal> principals, OfficerRole role, string place = "own") =>
        principals.Single(p => p.Officer?.Role == role && p.Name.EndsWith("." + place, StringComparison.Ordinal));

    // Each table but the audit log (reads are audited by design) as an MD5 of its rows in order.
    private async Task<string> ChecksumAsync()
    {
        await app.CatchUpStepStaysAsync();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'audit_checkpoints') ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var sql = "SELECT " + string.Join(" || ", tables.Select(t => $"(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM \"{t}\" x)"));
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Dossier> LoadAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MotCuaDb>().Dossiers.AsNoTracking().Include(d => d.Events).SingleAsync(d => d.Code == code);
    }

    private static async Task ApiOkAsync(HttpClient client, string code, string action, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/{action}", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"chuẩn bị {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // A fresh dossier at the centre in which the action is the next thing someone can do (the rule then says who).
    private async Task<string> PrepareAsync(ProcessingAction action, List<Principal> p)
    {
        var coAgency = action == ProcessingAction.CompleteCoAgencyTask;
        var channel = action is ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline ? "online" : "direct";
        var submitted = await app.ApiClient().SubmitAsync(Requests.Dossier(procedureCode: coAgency ? "1.001193" : "1.004837", agencyCode: DemoData.CentreCode, channel: channel));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var code = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var desk = By(p, OfficerRole.ReceivingOfficer).Client;
        var head = By(p, OfficerRole.DepartmentHead).Client;
        var specialist = By(p, OfficerRole.Specialist).Client;
        switch (action)
        {
            case ProcessingAction.AcceptOnline or ProcessingAction.RefuseOnline or ProcessingAction.Transfer or ProcessingAction.Withdraw:
                break;
            case ProcessingAction.Stop:
                await ApiOkAsync(desk, code, "withdraw", new { reason = "Người dân xin rút hồ sơ" });
                break;
            default:
                await ApiOkAsync(desk, code, "transfer");
                if (action is ProcessingAction.Assign or ProcessingAction.CompleteCoAgencyTask) break;
                await ApiOkAsync(head, code, "assign", new { userName = By(p, OfficerRole.Specialist).Name });
                if (action is ProcessingAction.CompleteStep or ProcessingAction.SendBack or ProcessingAction.RequestSupplement
                    or ProcessingAction.RequireFinancialObligation or ProcessingAction.Extend) break;
                if (action == ProcessingAction.SupplementReceived)
                {
                    await ApiOkAsync(specialist, code, "supplement-request", new { items = new[] { new { document = "Tờ khai", reason = "Thiếu chữ ký" } } });
                    break;
                }
                if (action == ProcessingAction.PaymentReceived)
                {
                    await ApiOkAsync(specialist, code, "financial-obligation", new { note = "Nộp lệ phí", amountVnd = 8000, kind = "charge" });
                    break;
                }
                await ApiOkAsync(specialist, code, "complete-step", new { note = "Hồ sơ hợp lệ" });
                if (action is ProcessingAction.Approve or ProcessingAction.RefuseOnMerits) break;
                await ApiOkAsync(By(p, OfficerRole.Leader).Client, code, "approve");
                if (action == ProcessingAction.ResultReady) break;
                await ApiOkAsync(desk, code, "result-ready");
                break;
        }
        return code;
    }

    // The body of each action, as JSON for the API and as the page's form fields.
    private static (object Json, Dictionary<string, string> Form) Input(ProcessingAction action, Dossier dossier, string specialist) => action switch
    {
        ProcessingAction.RefuseOnline => (new { reason = "Không thuộc thẩm quyền", legalBasis = "Nghị định 61/2018/NĐ-CP" },
            new() { ["f.Reason"] = "Không thuộc thẩm quyền", ["f.LegalBasis"] = "Nghị định 61/2018/NĐ-CP" }),
        ProcessingAction.Assign => (new { userName = specialist }, new() { ["f.UserName"] = specialist }),
        ProcessingAction.CompleteStep or ProcessingAction.Approve or ProcessingAction.PaymentReceived
            => (new { note = "Ghi chú kiểm thử" }, new() { ["f.Note"] = "Ghi chú kiểm thử" }),
        ProcessingAction.RequireFinancialObligation
            => (new { note = "Ghi chú kiểm thử", amountVnd = 8000, kind = "charge" }, new() { ["f.Note"] = "Ghi chú kiểm thử", ["f.AmountVnd"] = "8000", ["f.Kind"] = "charge" }),
        ProcessingAction.SendBack => (new { note = "Xem lại", sendBack = true }, new() { ["f.Note"] = "Xem lại", ["f.SendBack"] = "true" }),
        ProcessingAction.RefuseOnMerits or ProcessingAction.Withdraw or ProcessingAction.Stop => (new { reason = "Lý do kiểm thử" }, new() { ["f.Reason"] = "Lý do kiểm thử" }),
        ProcessingAction.Return => (new { method = "desk", receivedBy = "Nguyễn Văn An" }, new() { ["f.Method"] = "Desk", ["f.ReceivedBy"] = "Nguyễn Văn An" }),
        ProcessingAction.RequestSupplement => (new { items = new[] { new { document = "Tờ khai", reason = "Thiếu chữ ký" } } }, new() { ["f.Items"] = "Tờ khai: Thiếu chữ ký" }),
        ProcessingAction.Extend => (new { reason = "Cần xác minh", newDueAt = dossier.DueAt!.Value.AddDays(2).ToOffset(Vn) },
            new() { ["f.Reason"] = "Cần xác minh", ["f.NewDueAt"] = dossier.DueAt!.Value.AddDays(2).ToOffset(Vn).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture) }),
        ProcessingAction.CompleteCoAgencyTask => (new { answer = "Đồng ý" }, new() { ["f.Note"] = "Đồng ý" }),
        _ => (new { }, new()),
    };

    // A session's anti-forgery token serves all its forms (until it signs out, which the matrix does last).
    private readonly Dictionary<HttpClient, string> _tokens = [];

    private async Task<string> TokenAsync(HttpClient client) =>
        _tokens.TryGetValue(client, out var token) ? token : _tokens[client] = MotCuaApp.AntiforgeryToken(await client.GetStringAsync("/xac-thuc"));

    private static bool ToSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString.Contains("/dang-nhap", StringComparison.Ordinal) == true;

    [Fact]
    public async Task Every_writing_endpoint_answers_every_role_as_the_rules_say_and_a_refusal_writes_nothing()
    {
        _ = app.BaseAddress;
        app.Clock.Now = new DateTimeOffset(2025, 11, 17, 9, 0, 0, Vn);
        // The co-agency procedure at the centre: Sở Tư pháp gives its opinion beside the centre's own steps.
        string Step(string name, string kind, string? agency = null) => JsonSerializer.Serialize(new
        {
            name, kind, performer = name, allowance = new { amount = 2, unit = "workingHours" }, maySendBack = false, agencyCode = agency,
        });
        var process = "{\"steps\":[" + string.Join(",", Step("Chuyển hồ sơ", "transfer"), Step("Cho ý kiến", "coAgency", JusticeCode),
            Step("Thẩm định", "appraise"), Step("Phê duyệt", "approve"), Step("Trả kết quả", "result")) + "]}";
        Assert.Equal(1, await app.ScalarAsync($"""
            UPDATE agency_procedures SET process = '{process}'::jsonb
            WHERE procedure_code = '1.001193' AND agency_id = (SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}') RETURNING 1
            """));
        var endpoints = await WritingEndpointsAsync();
        var unknown = endpoints.Where(e => e.Action is null && !Rules.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(unknown.Count == 0, "Điểm cuối ghi dữ liệu chưa có quy tắc trong ma trận: " + string.Join("; ", unknown));
        Assert.Contains(endpoints, e => e.Action == ProcessingAction.AcceptOnline);

        var principals = await PrincipalsAsync();
        var mismatches = new List<string>();
        var calls = 0;
        var succeeded = new Dictionary<string, int>();

        async Task CallAsync(string key, Principal who, Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, string, bool> expected, string expectation, bool mayWrite)
        {
            var before = mayWrite ? null : await ChecksumAsync();
            var response = await send();
            calls++;
            var after = mayWrite ? null : await ChecksumAsync();
            var body = await response.Content.ReadAsStringAsync();
            if (!expected(response, body))
                mismatches.Add($"{key} × {who.Name}: {(int)response.StatusCode} {response.Headers.Location} (chờ {expectation}) {body[..Math.Min(body.Length, 160)]}");
            else if (!mayWrite && before != after)
                mismatches.Add($"{key} × {who.Name}: {(int)response.StatusCode} nhưng dữ liệu đã bị ghi");
            if (mayWrite) succeeded[key] = succeeded.GetValueOrDefault(key) + 1;
        }

        // Dossier actions: the API endpoints (their action in the metadata) and the page's Act handler for every action.
        var dossierCalls = endpoints.Where(e => e.Action is not null).Select(e => (Endpoint: e, Action: e.Action!.Value, Decision: (string?)null))
            .Concat(endpoints.Where(e => e.Key == "POST /ho-so/{code}?handler=Act").SelectMany(e => Enum.GetValues<ProcessingAction>().Select(a => (Endpoint: e, Action: a, Decision: (string?)null))))
            .Concat(endpoints.Where(e => e.Key == "POST /ho-so/{code}").SelectMany(e => new[] { (Endpoint: e, Action: ProcessingAction.AcceptOnline, Decision: (string?)"accept"), (Endpoint: e, Action: ProcessingAction.RefuseOnline, Decision: (string?)"refuse") }))
            .ToList();
        foreach (var (endpoint, action, decision) in dossierCalls)
        {
            var key = endpoint.Key + (endpoint.Route == "/ho-so/{code}" ? decision is null ? $"&action={action}" : $" decision={decision}" : "");
            string? code = null;
            var allowedSomewhere = false;
            foreach (var who in principals)
            {
                code ??= await PrepareAsync(action, principals);
                var dossier = await LoadAsync(code);
                var (json, form) = Input(action, dossier, By(principals, OfficerRole.Specialist).Name);
                var visibility = who.Officer is { } officer ? dossier.VisibilityFor(officer) : Visibility.None;
                var refusal = who.Officer is { } o ? dossier.RefusalOf(action, o) : null;
                var allowed = who.Officer is not null && visibility != Visibility.None && refusal is null;
                allowedSomewhere |= allowed;
                var path = endpoint.Route.Replace("{code}", code);
                var events = dossier.Events.Count;
                int? refusedStatus = who.Officer is null || allowed ? null : visibility == Visibility.None ? 404
                    : refusal!.Kind switch { DossierRefusal.WrongState => 409, DossierRefusal.NotPermitted => 403, _ => 422 };
                await CallAsync(key, who, async () =>
                {
                    if (!endpoint.IsPage) return await who.Client.PostAsJsonAsync(path, json);
                    var fields = new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = await TokenAsync(who.Client) };
                    if (decision is not null)
                    {
                        fields["decision"] = decision;
                        return await who.Client.PostAsync(path, new FormUrlEncodedContent(fields));
                    }
                    return await who.Client.PostAsync($"{path}?handler=Act&action={action}", new FormUrlEncodedContent(fields));
                }, (r, _) => allowed
                    ? endpoint.IsPage ? r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.StartsWith($"/ho-so/{code}", StringComparison.Ordinal)
                        : r.StatusCode == HttpStatusCode.OK
                    : who.Anonymous ? endpoint.IsPage ? ToSignIn(r) : r.StatusCode == HttpStatusCode.Unauthorized
                    : who.ApiKey ? endpoint.IsPage ? ToSignIn(r) : r.StatusCode == HttpStatusCode.Forbidden
                    : (int)r.StatusCode == refusedStatus,
                    allowed ? "thành công" : who.Anonymous ? "đăng nhập" : refusedStatus?.ToString() ?? "403", allowed);
                if (allowed)
                {
                    Assert.True((await LoadAsync(code)).Events.Count > events, $"{key} × {who.Name}: thành công mà không ghi sự kiện");
                    code = null;
                }
            }
            Assert.True(allowedSomewhere, $"{key}: không vai trò nào được phép; trạng thái chuẩn bị cho {action} sai");
        }

        // Records about a dossier at its appraisal step, assigned to the matrix's specialist; the clock moves on 40 minutes
        // so that a field verification can have started and ended since the receipt.
        foreach (var endpoint in endpoints.Where(e => e.Action is null && Rules[e.Key] == Rule.DossierRecord))
        {
            var record = Records[endpoint.Key];
            var start = app.Clock.Now;
            var code = await PrepareAsync(ProcessingAction.CompleteStep, principals);
            var dossier = await LoadAsync(code);
            app.Clock.Now = start.AddMinutes(40);
            var allowedSomewhere = false;
            foreach (var who in principals)
            {
                var visibility = who.Officer is { } officer ? dossier.VisibilityFor(officer) : Visibility.None;
                var refusal = who.Officer is { } o ? record.Check(dossier, o) : null;
                var allowed = who.Officer is not null && visibility != Visibility.None && refusal is null;
                allowedSomewhere |= allowed;
                int? refusedStatus = who.Officer is null || allowed ? null : visibility == Visibility.None ? 404
                    : refusal!.Refusal switch { DossierRefusal.WrongState => 409, DossierRefusal.NotPermitted => 403, _ => 422 };
                var path = endpoint.Route.Replace("{code}", code);
                await CallAsync(endpoint.Key, who, async () =>
                {
                    if (!endpoint.IsPage) return await who.Client.PostAsJsonAsync(path, record.Json(dossier.ReceivedAt!.Value));
                    var fields = new Dictionary<string, string>(record.Form(dossier.ReceivedAt!.Value)) { ["__RequestVerificationToken"] = await TokenAsync(who.Client) };
                    return await who.Client.PostAsync(path, new FormUrlEncodedContent(fields));
                }, (r, _) => allowed
                        ? endpoint.IsPage ? r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.StartsWith($"/ho-so/{code}", StringComparison.Ordinal)
                            : r.StatusCode == HttpStatusCode.Created
                        : who.Anonymous ? endpoint.IsPage ? ToSignIn(r) : r.StatusCode == HttpStatusCode.Unauthorized
                        : who.ApiKey ? endpoint.IsPage ? ToSignIn(r) : r.StatusCode == HttpStatusCode.Forbidden
                        : (int)r.StatusCode == refusedStatus,
                    allowed ? "thành công" : who.Anonymous ? "đăng nhập" : refusedStatus?.ToString() ?? "403", allowed);
            }
            app.Clock.Now = start;
            Assert.True(allowedSomewhere, $"{endpoint.Key}: không vai trò nào được phép");
        }

        // Everything else, by its rule. The sign-out ends each session, so it comes last.
        var centreId = (int)await app.ScalarAsync($"SELECT id FROM agencies WHERE code = '{DemoData.CentreCode}'");
        foreach (var endpoint in endpoints.Where(e => e.Action is null && Rules[e.Key] is not (Rule.DossierAction or Rule.DossierRecord)).OrderBy(e => e.Route is "/dang-xuat" or "/cong-dan/dang-xuat"))
        {
            var rule = Rules[endpoint.Key];
            // An account that does not exist and a term id that does not: the administrator's call is answered (404 or 422)
            // without disabling the accounts the matrix signs in with.
            var path = endpoint.Route.Replace("{book}", "khai-sinh").Replace("{number:int}", "1").Replace("{year:int}", "2026").Replace("{procedureCode}", "1.004837")
                .Replace("{userName}", "khong.ton.tai").Replace("{provider}", "sms").Replace("{id:int}", "999999").Replace("{id:long}", "999999").Replace("{number}", "PAKN-2025-99999")
                .Replace("{agencyCode}", DemoData.CentreCode).Replace("{agency}", DemoData.CentreCode).Replace("{quarter}", "2025-Q4")
                .Replace("{procedure}", "1.004837").Replace("{draft:long}", "999999")
                .Replace("{code}", endpoint.Route.StartsWith("/quan-tri/thu-tuc", StringComparison.Ordinal) ? "1.004837" : DemoData.CentreCode);
            if (endpoint.Route.StartsWith("/quan-tri/co-quan", StringComparison.Ordinal)) path = $"/quan-tri/co-quan/{DemoData.CentreCode}/thu-tuc/1.004837";
            foreach (var who in principals)
            {
                var allowed = rule switch
                {
                    Rule.Anyone or Rule.SignOut => true,
                    Rule.Applicant => who.Officer is null && !who.ApiKey && !who.PortalGrants,
                    Rule.Admin => who.Officer?.Role == OfficerRole.Admin,
                    Rule.ApiClient => who.ApiKey,
                    Rule.PortalPush or Rule.MonitoringIngest => who.PortalGrants,
                    Rule.DeskIntake => who.Officer?.Role == OfficerRole.ReceivingOfficer,
                    Rule.SignedIn => who.Officer is not null,
                    Rule.SignedByGateway => false,
                    Rule.Accountant => who.Officer?.Role == OfficerRole.Accountant,
                    Rule.AccountantOrLeader => who.Officer?.Role is OfficerRole.Accountant or OfficerRole.Leader,
                    Rule.BookCorrection => who.Officer is { Role: OfficerRole.Specialist or OfficerRole.Leader, AgencyId: not null },
                    Rule.FeedbackOfficer => who.Officer is { AgencyId: not null } f && MotCua.Domain.Feedback.FeedbackOfficers.MayHandle(f.Role),
                    Rule.Staging => who.ApiKey || who.Officer?.Role == OfficerRole.ReceivingOfficer,
                    Rule.UnitScore => who.Officer is { Role: OfficerRole.Leader } l && l.AgencyId == centreId || who.Officer?.Role == OfficerRole.Inspector,
                    Rule.UnitScorePage => who.Officer?.Role is OfficerRole.Leader or OfficerRole.Inspector,
                    Rule.CitizenSignOut => who.Name == "citizen",
                    Rule.Citizen => who.Name == "citizen",
                    Rule.QueueDesk => who.Officer?.Role == OfficerRole.ReceivingOfficer,
                    Rule.KioskDevice => who.Name == "kiosk",
                    Rule.FeeSetter => who.Officer?.Role is OfficerRole.ReceivingOfficer or OfficerRole.Accountant,
                    Rule.DossierFileAdd => who.Officer is not null || who.ApiKey,
                    _ => throw new ArgumentOutOfRangeException(nameof(rule)),
                };
                await CallAsync(endpoint.Key, who, async () =>
                {
                    if (endpoint.Key == "POST /api/v1/dossiers")
                    {
                        using var intake = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(Requests.Dossier(agencyCode: DemoData.CentreCode, procedureCode: "1.004837")) };
                        intake.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                        return await who.Client.SendAsync(intake);
                    }
                    if (!endpoint.IsPage || endpoint.Route == "/dang-xuat" && who.ApiKey)
                        return await who.Client.SendAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });
                    var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(who.Client) };
                    return await who.Client.PostAsync(endpoint.Handler is { } handler ? $"{path}?handler={handler}" : path, new FormUrlEncodedContent(fields));
                }, (r, _) => allowed
                    ? (int)r.StatusCode < 500 && r.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (rule is Rule.Anyone or Rule.Applicant or Rule.SignOut || !ToSignIn(r))
                    : endpoint.IsPage ? r.StatusCode == HttpStatusCode.Forbidden || ToSignIn(r)
                    : r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
                    allowed ? "được phép" : "403/401 hoặc về trang đăng nhập", allowed && rule is not (Rule.Anyone or Rule.Applicant) && (rule != Rule.SignOut || who.Officer is not null));
            }
        }

        var keys = dossierCalls.Count + endpoints.Count(e => e.Action is null && Rules[e.Key] != Rule.DossierAction);
        output.WriteLine($"Ma trận: {endpoints.Count} điểm cuối ghi dữ liệu ({endpoints.Count(e => e.IsPage)} trên trang, {endpoints.Count(e => !e.IsPage)} API), "
            + $"{keys} hàng (thao tác của trang Act tách theo từng thao tác) × {principals.Count} vai trò/đơn vị = {calls} lời gọi; "
            + $"{succeeded.Values.Sum()} lời gọi được phép, {calls - succeeded.Values.Sum()} bị từ chối; {mismatches.Count} sai khác.");
        foreach (var endpoint in endpoints) output.WriteLine($"  {endpoint.Key}{(endpoint.Action is { } a ? $" [{a}]" : "")}");
        foreach (var mismatch in mismatches) output.WriteLine("  SAI: " + mismatch);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
