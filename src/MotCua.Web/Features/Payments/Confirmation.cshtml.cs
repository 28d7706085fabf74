using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MotCua.Domain.Calendar;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Payments;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Payments;

/// <summary>
/// /ke-toan, the accountant's page (issue 14): the unit's open payment requests, each with a form to confirm cash or a
/// transfer, and the flagged payments, each with a form to resolve it. The same checks and rule as the API
/// (<see cref="ConfirmationEndpoints"/>, <see cref="PaymentMatching"/>); every accepted form redirects back here.
/// </summary>
[PersonalData(PersonalFields.FullName)]
public sealed class ConfirmationModel(ConfirmationService confirmation, RefundService refunds, ReceiptReplacement replacement, ReceiptCancellations cancellations,
    TimeProvider clock) : PageModel
{
    /// <summary>"Biên lai đã hủy chờ lập lại": receipts cancelled for an error whose payment has no valid receipt.</summary>
    public IReadOnlyList<AwaitingReplacementView> Replacements { get; private set; } = [];
    /// <summary>The page of open requests shown (<see cref="ConfirmationService.OpenRequestsPageSize"/>, newest first).</summary>
    public IReadOnlyList<OpenRequestView> Requests { get; private set; } = [];
    /// <summary>How many requests are open in all (the pages' count).</summary>
    public int OpenRequests { get; private set; }
    /// <summary>The page of open requests asked for (<c>trang</c>, 1-based; the confirmation form posts it back so a refused
    /// form is shown on its own page).</summary>
    [BindProperty(SupportsGet = true, Name = "trang")] public int? PageNumber { get; set; }
    /// <summary>How many pages of open requests there are (at least 1).</summary>
    public int Pages => Math.Max(1, (OpenRequests + ConfirmationService.OpenRequestsPageSize - 1) / ConfirmationService.OpenRequestsPageSize);
    /// <summary>The page of flagged payments shown (<see cref="ConfirmationService.ListPageSize"/>, oldest first).</summary>
    public IReadOnlyList<PaymentView> Flags { get; private set; } = [];
    /// <summary>How many flagged payments wait in all.</summary>
    public int FlagsTotal { get; private set; }
    /// <summary>The page of flagged payments asked for (<c>trang-canh-bao</c>, 1-based).</summary>
    [BindProperty(SupportsGet = true, Name = "trang-canh-bao")] public int? FlagsPage { get; set; }
    /// <summary>How many settled payments there are in all.</summary>
    public int SettledTotal { get; private set; }
    /// <summary>The page of settled payments asked for (<c>trang-da-thu</c>, 1-based).</summary>
    [BindProperty(SupportsGet = true, Name = "trang-da-thu")] public int? SettledPage { get; set; }
    /// <summary>How many pages of <paramref name="total"/> rows at <see cref="ConfirmationService.ListPageSize"/> (at least 1).</summary>
    public static int PagesOf(int total) => Math.Max(1, (total + ConfirmationService.ListPageSize - 1) / ConfirmationService.ListPageSize);
    /// <summary>The page's address with <paramref name="name"/> at <paramref name="page"/> and the other lists' pages kept.</summary>
    public string PageLink(string name, int page)
    {
        var pages = new Dictionary<string, int?> { ["trang"] = PageNumber, ["trang-canh-bao"] = FlagsPage, ["trang-da-thu"] = SettledPage };
        pages[name] = page;
        return "?" + string.Join("&", pages.Where(p => p.Value is > 1).Select(p => $"{p.Key}={p.Value}"));
    }
    /// <summary>The codes of the flagged payments' dossiers closed since they were flagged: no accept button for them.</summary>
    public IReadOnlySet<string> ClosedDossiers { get; private set; } = new HashSet<string>();

    /// <summary>The flagged payments' requests the officer recorded paid elsewhere: who, when (UTC).</summary>
    public IReadOnlyDictionary<long, (string By, DateTimeOffset At)> RecordedElsewhere { get; private set; } = new Dictionary<long, (string, DateTimeOffset)>();

    /// <summary>What /ke-toan says beside money flagged against a request the officer recorded paid elsewhere (trial14u LOW 2):
    /// who recorded it and when, and that this money did not move the dossier's clock (only money that fits the request
    /// settles it and may, <c>PaymentMatching.PaysRecorded</c>; flagged money never does).</summary>
    public static string RecordedElsewhereNote((string By, DateTimeOffset At) record) =>
        $"Cán bộ {(record.By.Length > 0 ? record.By : "tiếp nhận")} đã ghi nhận nghĩa vụ tài chính đã nộp nơi khác lúc {VietnamTime.ToVietnam(record.At):HH:mm dd/MM/yyyy}; "
        + "khoản tiền này không khớp yêu cầu đó nên không làm thay đổi thời hạn giải quyết hồ sơ.";
    /// <summary>"Khoản tiền cần hoàn trả": flagged payments not accepted with something left to refund.</summary>
    public IReadOnlyList<RefundableView> Refundables { get; private set; } = [];
    /// <summary>The refunds made, newest first.</summary>
    public IReadOnlyList<RefundView> Refunds { get; private set; } = [];
    /// <summary>"Khoản đã thu": a page of the settled payments, newest first, with their receipt, to cancel a receipt issued in error or refund.</summary>
    public IReadOnlyList<SettledPaymentView> Settled { get; private set; } = [];
    /// <summary>Partners' callbacks that repeated a transaction id with other facts, not yet noted.</summary>
    public IReadOnlyList<ReplayConflictView> Conflicts { get; private set; } = [];
    public string? Message { get; private set; }
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    /// <summary>The request whose confirmation form was refused, so its errors show beside its own fields.</summary>
    public long? PostedRequestId { get; private set; }
    /// <summary>The payment whose refund form was refused.</summary>
    public long? PostedRefundId { get; private set; }
    /// <summary>Which list the refused row form was in: <c>refundables</c>, <c>settled</c> (refund or receipt cancellation),
    /// <c>replacements</c>, <c>attach</c>, <c>conflicts</c>; a row's id is unique only within its list.</summary>
    public string? PostedList { get; private set; }
    /// <summary>The row (payment, receipt or conflict id) of the refused form of <see cref="PostedList"/>.</summary>
    public long? PostedRow { get; private set; }
    /// <summary>The values typed in the refused form, shown back in it (field name → value).</summary>
    public Dictionary<string, string?> Posted { get; private set; } = [];

    /// <summary>Fields whose message is shown beside the field in the row's form; any other error is shown above the tables.</summary>
    public static readonly IReadOnlySet<string> RowFields = new HashSet<string> { "amountVnd", "method", "paidAt", "payerName", "reason", "refundedAt", "dossierCode", "note", "cancelReason" };

    /// <summary>The message for <paramref name="field"/> of the form of row <paramref name="row"/> (a request or, with
    /// <paramref name="refund"/>, a payment to refund), null when that form was not the one refused.</summary>
    public string? FieldError(long row, string field, bool refund = false) =>
        PostedList is null or "refundables" && (refund ? PostedRefundId : PostedRequestId) == row && Errors.TryGetValue(field, out var m) ? m[0] : null;

    /// <summary>The message for <paramref name="field"/> of row <paramref name="row"/>'s form in list <paramref name="list"/>
    /// (see <see cref="PostedList"/>), null when that form was not the one refused.</summary>
    public string? RowError(string list, long row, string field) =>
        PostedList == list && PostedRow == row && Errors.TryGetValue(field, out var m) ? m[0] : null;

    /// <summary>The value typed in <paramref name="field"/> of row <paramref name="row"/>'s refused form in <paramref name="list"/>.</summary>
    public string? RowValue(string list, long row, string field) => PostedList == list && PostedRow == row ? Posted.GetValueOrDefault(field) : null;

    /// <summary>Whether the refused form is a row's (its messages are shown beside its fields, a summary above).</summary>
    public bool RowRefused => PostedRequestId is not null || PostedRefundId is not null || PostedRow is not null;

    /// <summary>The value typed in <paramref name="field"/> of row <paramref name="row"/>'s refused form, else null.</summary>
    public string? PostedValue(long row, string field, bool refund = false) =>
        PostedList is null or "refundables" && (refund ? PostedRefundId : PostedRequestId) == row ? Posted.GetValueOrDefault(field) : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency }) return Forbid();
        Message = TempData["payments.message"] as string;
        await LoadAsync(agency, ct);
        return Page();
    }

    /// <summary>Confirms money for request <paramref name="requestId"/>; <paramref name="paidAt"/> is typed dd/MM/yyyy HH:mm,
    /// Vietnam time (empty: now).</summary>
    public async Task<IActionResult> OnPostConfirmAsync(long? requestId, string? amountVnd, string? method, string? paidAt, string? payerName, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        var now = clock.GetUtcNow();
        var (paid, paidError) = string.IsNullOrWhiteSpace(paidAt) ? (null, null) : VietnameseDate.ParseDateTime(paidAt, "Nộp lúc");
        // People type "50.000" or "50 000": read as đồng by the Domain's one reading of a typed amount.
        var (amount, amountError) = PaymentRequests.TypedAmount(amountVnd);
        var request = new ConfirmRequest(requestId, amount, method, paid, payerName);
        Errors = ConfirmationEndpoints.Validate(request, now);
        if (paidError is not null) Errors["paidAt"] = [paidError];
        if (amountError is not null) Errors["amountVnd"] = [amountError.Message];
        if (Errors.Count == 0 && !PaymentMatching.MayConfirm(officer, await confirmation.AgencyOfRequestAsync(requestId!.Value, ct) ?? -1))
            Errors["requestId"] = [$"Không có yêu cầu nộp phí số {requestId} của đơn vị bạn."];
        if (Errors.Count == 0 && PaymentMatching.PaidAtProblem(paid ?? now, await confirmation.RaisedAtAsync(requestId!.Value, ct), now) is { } early)
            Errors["paidAt"] = [early.Message];
        if (Errors.Count > 0)
        {
            PostedRequestId = requestId;
            Posted = new() { ["amountVnd"] = amountVnd, ["method"] = method, ["paidAt"] = paidAt, ["payerName"] = payerName };
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(agency, ct);
            return Page();
        }
        try
        {
            // A typed minute a little ahead is recorded as now (trial 14v LOW 10), as the API does.
            var view = await confirmation.RecordAsync(new IncomingPayment(requestId, null, amount!.Value, method!, PaymentMatching.AccountantPaidAt(request.PaidAt, now),
                string.IsNullOrWhiteSpace(payerName) ? null : payerName.Trim(), null, null, null, paid is { } typed && typed <= now), _ => officer, officer.Actor.UserId, ct);
            TempData["payments.message"] = view.Flag is { } flag
                ? $"Đã ghi khoản thu {Vnd(view.AmountVnd)} cho hồ sơ {view.DossierCode}, có cảnh báo: {PaymentMatching.FromCode(flag)!.Value.Vietnamese()}."
                : $"Đã ghi khoản thu {Vnd(view.AmountVnd)} cho hồ sơ {view.DossierCode}; " + ReceiptSentence(view.ReceiptNumber);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["payments.message"] = "Hồ sơ vừa được người khác cập nhật; xác nhận lại.";
        }
        return RedirectToPage(new { trang = PageNumber is > 1 ? PageNumber : null });
    }

    /// <summary>Resolves flagged payment <paramref name="id"/>: <paramref name="accept"/> counts it as paid.</summary>
    public async Task<IActionResult> OnPostResolveAsync(long id, bool? accept, string? note, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        Errors = ConfirmationEndpoints.Validate(new ResolveRequest(accept, note));
        var (found, of, heldBy) = Errors.Count == 0 ? await confirmation.AgencyOfPaymentAsync(id, ct) : (true, null, null);
        if (!found || !ConfirmationService.MayReach(officer, of, heldBy)) Errors["id"] = [$"Không có khoản tiền số {id} của đơn vị bạn."];
        if (Errors.Count > 0)
        {
            await LoadAsync(agency, ct);
            return Page();
        }
        try
        {
            var (view, refusal) = await confirmation.ResolveAsync(id, accept!.Value, note!.Trim(), officer, ct);
            TempData["payments.message"] = refusal ?? (view is null ? $"Không có khoản tiền số {id}."
                : view.Accepted == true ? $"Đã chấp nhận khoản tiền số {id}" + (view.ReceiptNumber is { } n ? $"; biên lai số {n}." : ".")
                : $"Đã ghi chú cách xử lý khoản tiền số {id}.");
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["payments.message"] = "Hồ sơ vừa được người khác cập nhật; xử lý lại.";
        }
        return RedirectToPage();
    }

    /// <summary>Refunds part or all of payment <paramref name="id"/> (<see cref="RefundService"/>, the API's one path);
    /// <paramref name="amountVnd"/> typed in đồng ("50.000"), <paramref name="refundedAt"/> dd/MM/yyyy HH:mm, Vietnam time
    /// (empty: now); <paramref name="list"/> the list the form is in (<c>refundables</c> or <c>settled</c>).</summary>
    public async Task<IActionResult> OnPostRefundAsync(long id, string? amountVnd, string? method, string? reason, string? refundedAt, string? list, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        var (at, atError) = string.IsNullOrWhiteSpace(refundedAt) ? (null, null) : VietnameseDate.ParseDateTime(refundedAt, "Hoàn trả lúc");
        var (amount, amountError) = PaymentRequests.TypedAmount(amountVnd);
        RefundService.Outcome outcome;
        if (atError is not null || amountError is not null)
        {
            var errors = new Dictionary<string, string[]>();
            if (amountError is not null) errors["amountVnd"] = [amountError.Message];
            if (atError is not null) errors["refundedAt"] = [atError];
            outcome = new RefundService.Outcome(null, StatusCodes.Status422UnprocessableEntity) { Errors = errors };
        }
        else outcome = await refunds.RefundAsync(id, new RefundRequest(amount, reason, method, at), officer, ct);
        if (outcome.View is not { } view)
        {
            Errors = outcome.Errors ?? new() { [outcome.Field ?? "id"] = [outcome.Message!] };
            PostedRefundId = id;
            (PostedList, PostedRow) = (list == "settled" ? "settled" : "refundables", id);
            Posted = new() { ["amountVnd"] = amountVnd, ["method"] = method, ["reason"] = reason, ["refundedAt"] = refundedAt };
            Response.StatusCode = outcome.Status;
            await LoadAsync(agency, ct);
            return Page();
        }
        TempData["payments.message"] = $"Đã hoàn trả {Vnd(view.AmountVnd)}" + (view.DossierCode is { } refunded ? $" cho hồ sơ {refunded}" : " của khoản tiền chưa khớp hồ sơ") +
            (view.CancelledReceipt is { } receipt ? $"; biên lai {receipt} đã hủy." : view.RefundableVnd > 0 ? $"; còn {Vnd(view.RefundableVnd)} có thể hoàn trả." : ".");
        return RedirectToPage();
    }

    /// <summary>Cancels receipt <paramref name="receiptId"/> issued in error with <paramref name="cancelReason"/>
    /// (<see cref="ReceiptCancellations"/>, the API's one path); the payment then waits under "Biên lai đã hủy chờ lập lại".
    /// (Named apart from the payments' <c>id</c>: a receipt's number space is its own.)</summary>
    public async Task<IActionResult> OnPostCancelReceiptAsync(long receiptId, string? cancelReason, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        var id = receiptId;
        var outcome = await cancellations.CancelAsync(id, cancelReason, officer, ct);
        if (outcome.View is not { } view)
        {
            Errors = new() { [outcome.Field is null ? "id" : "cancelReason"] = [outcome.Message!] };
            (PostedList, PostedRow) = ("cancel", id);
            Posted = new() { ["cancelReason"] = cancelReason };
            Response.StatusCode = outcome.Status;
            await LoadAsync(agency, ct);
            return Page();
        }
        TempData["payments.message"] = $"Đã hủy biên lai {view.Number}; lập biên lai thay thế ở mục \"Biên lai đã hủy chờ lập lại\".";
        return RedirectToPage();
    }

    /// <summary>Notes how conflicting replay <paramref name="conflictId"/> was handled (<see cref="ConfirmationService.ResolveConflictAsync"/>).</summary>
    public async Task<IActionResult> OnPostConflictAsync(long conflictId, string? note, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        var id = conflictId;
        Errors = ConfirmationEndpoints.Validate(new ResolveRequest(true, note));
        var (status, message) = Errors.Count == 0 ? await confirmation.ResolveConflictAsync(id, note!.Trim(), officer, ct) : (StatusCodes.Status422UnprocessableEntity, null);
        if (status != StatusCodes.Status200OK)
        {
            if (message is not null) Errors["id"] = [message];
            (PostedList, PostedRow) = ("conflicts", id);
            Posted = new() { ["note"] = note };
            Response.StatusCode = status;
            await LoadAsync(agency, ct);
            return Page();
        }
        TempData["payments.message"] = $"Đã ghi chú xử lý thông báo trùng mã giao dịch số {id}.";
        return RedirectToPage();
    }

    /// <summary>Issues the replacement receipt of payment <paramref name="id"/> (<see cref="ReceiptReplacement"/>, the API's one
    /// path), with <paramref name="payerName"/> corrected when typed (blank: the payer of the cancelled receipt).</summary>
    public async Task<IActionResult> OnPostReplaceAsync(long id, string? payerName, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        var outcome = await replacement.ReplaceAsync(id, officer, ct, string.IsNullOrWhiteSpace(payerName) ? null : payerName);
        if (outcome.View is not { } view)
        {
            Errors = new() { [outcome.Field ?? "id"] = [outcome.Message!] };
            (PostedList, PostedRow) = ("replacements", id);
            Posted = new() { ["payerName"] = payerName };
            Response.StatusCode = outcome.Status;
            await LoadAsync(agency, ct);
            return Page();
        }
        TempData["payments.message"] = $"Đã lập biên lai số {view.ReceiptNumber} thay thế biên lai {view.Replaces} (hồ sơ {view.DossierCode}).";
        return RedirectToPage();
    }

    /// <summary>Attaches unmatched payment <paramref name="id"/> to the dossier of <paramref name="dossierCode"/>
    /// (<see cref="ConfirmationService.AttachAsync"/>, the API's one path).</summary>
    public async Task<IActionResult> OnPostAttachAsync(long id, string? dossierCode, string? note, CancellationToken ct)
    {
        if (Accountant() is not { AgencyId: { } agency } officer) return Forbid();
        var (view, status, message, field) = await confirmation.AttachAsync(id, dossierCode, note, officer, ct);
        if (view is null)
        {
            Errors = new() { [field ?? "id"] = [message!] };
            (PostedList, PostedRow) = ("attach", id);
            Posted = new() { ["dossierCode"] = dossierCode, ["note"] = note };
            Response.StatusCode = status;
            await LoadAsync(agency, ct);
            return Page();
        }
        TempData["payments.message"] = $"Đã gắn khoản tiền số {id} vào hồ sơ {view.DossierCode}" + (view.Flag is { } flag
            ? $", có cảnh báo: {PaymentMatching.FromCode(flag)!.Value.Vietnamese()}."
            : view.ReceiptNumber is { } number ? $"; biên lai số {number}." : ".");
        return RedirectToPage();
    }

    /// <summary>What the accountant is told of the receipt of money just recorded: its number, or, for a levy (thuế, tiền
    /// sử dụng đất…), that none is issued: the State budget's own document proves it, not a fee receipt (sixth trial:
    /// "biên lai số ." with no number).</summary>
    public static string ReceiptSentence(string? receiptNumber) => receiptNumber is { Length: > 0 }
        ? $"biên lai số {receiptNumber}."
        : "khoản nộp ngân sách này không lập biên lai thu phí, lệ phí (chứng từ nộp ngân sách nhà nước do cơ quan thu cấp).";

    /// <summary>An amount as it is put in a field for people to type over: dots between thousands, no unit ("50.000").</summary>
    public static string Typed(long amount) => amount.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>The Vietnamese name of a callback field that differed in a conflicting replay.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "amountVnd" => "số tiền",
        "purpose" => "nội dung chuyển khoản",
        "paidAt" => "thời điểm nộp",
        "payerName" => "người nộp",
        _ => field,
    };

    /// <summary>An amount in đồng as officers read it (dots between thousands).</summary>
    public static string Vnd(long amount) => amount.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng";

    private Officer? Accountant() => Claims.OfficerOf(User) is { Role: OfficerRole.Accountant } officer ? officer : null;

    /// <summary>What the page says of a flagged payment whose money another unit's collection account holds
    /// (<see cref="PaymentView.HeldById"/>; <see cref="PaymentMatching.HeldElsewhereRefusal"/> as the POSTs answer it), or null.
    /// The dossier's unit gets no form for it; the holder only "note" (and the refund below).</summary>
    public string? HeldNote(PaymentView payment) =>
        payment.HeldById is { } holder && Accountant() is { } officer
            ? PaymentMatching.HeldElsewhereRefusal(officer, holder, payment.HeldBy ?? "", "đơn vị tiếp nhận hồ sơ", accepting: true)
            : null;

    /// <summary>The accountant's unit, whose page this is.</summary>
    public int AgencyId { get; private set; }

    private async Task LoadAsync(int agency, CancellationToken ct)
    {
        AgencyId = agency;
        PageNumber = Paging.Clamp(PageNumber);
        (Requests, OpenRequests) = await confirmation.OpenRequestsAsync(agency, PageNumber.Value, ct);
        // The last request of the last page just confirmed: show the page that is now the last.
        if (Requests.Count == 0 && PageNumber > Pages)
        {
            PageNumber = Pages;
            (Requests, OpenRequests) = await confirmation.OpenRequestsAsync(agency, PageNumber.Value, ct);
        }
        FlagsPage = Paging.Clamp(FlagsPage);
        (Flags, FlagsTotal) = await confirmation.OpenFlagsAsync(agency, FlagsPage.Value, ct);
        if (Flags.Count == 0 && FlagsPage > PagesOf(FlagsTotal))
        {
            FlagsPage = PagesOf(FlagsTotal);
            (Flags, FlagsTotal) = await confirmation.OpenFlagsAsync(agency, FlagsPage.Value, ct);
        }
        ClosedDossiers = await confirmation.ClosedDossiersAsync(Flags.Select(f => f.DossierCode), ct);
        RecordedElsewhere = await confirmation.RecordedElsewhereAsync(Flags.Select(f => f.RequestId), ct);
        Refundables = await refunds.RefundablesAsync(agency, ct);
        Refunds = await refunds.RefundsAsync(agency, ct);
        Replacements = await replacement.AwaitingAsync(agency, ct);
        SettledPage = Paging.Clamp(SettledPage);
        (var settled, SettledTotal) = await confirmation.SettledAsync(agency, SettledPage.Value, ct);
        Settled = settled;
        Conflicts = await confirmation.OpenConflictsAsync(agency, ct);
        HasTaxCode = await confirmation.HasTaxCodeAsync(agency, ct);
    }

    /// <summary>Whether the accountant's unit has a tax code for its receipts; the page warns when not.</summary>
    public bool HasTaxCode { get; private set; } = true;
}
