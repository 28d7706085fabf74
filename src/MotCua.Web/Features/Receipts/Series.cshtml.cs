using Microsoft.AspNetCore.Mvc;
using MotCua.Data;

namespace MotCua.Web.Features.Receipts;

/// <summary>
/// /quan-tri/ky-hieu-bien-lai: the administrator sets each receiving unit's form number (ký hiệu mẫu biên lai, "01BLP0-001")
/// and the two letters of its series (ký hiệu biên lai, "MC" → "MC-26E"), as registered with its tax office. The same
/// rule, upsert and audit line as <c>PUT /api/v1/admin/agencies/{code}/receipt-series</c> (<see cref="ReceiptSeriesSettings"/>);
/// a wrong value is named beside its field in Vietnamese (answer 422) and nothing is written.
/// </summary>
public sealed class SeriesModel(MotCuaDb db, TimeProvider clock) : FormPage
{
    /// <summary>The fields of the form, named as the API's.</summary>
    public sealed class SeriesForm
    {
        public string? AgencyCode { get; set; }
        public string? FormNumber { get; set; }
        public string? SeriesPrefix { get; set; }
        /// <summary>Mã số thuế, optional: 10 digits or "0100047516-001".</summary>
        public string? TaxCode { get; set; }
    }

    [BindProperty] public SeriesForm Form { get; set; } = new();
    /// <summary>The unit just saved (after the redirect), to say so.</summary>
    [BindProperty(SupportsGet = true, Name = "daluu")] public string? Saved { get; set; }

    public IReadOnlyList<ReceiptSeriesRow> Units { get; private set; } = [];

    /// <summary>The unit chosen to edit (<c>?donvi=</c>, from its row's link), whose current values fill the form.</summary>
    [BindProperty(SupportsGet = true, Name = "donvi")] public string? Chosen { get; set; }

    /// <summary>
    /// The list, and the form pre-filled so the administrator only confirms (third trial of issue 14): with a unit chosen,
    /// its current form number, series prefix and tax code (the defaults when it has set none); otherwise the standard
    /// values (<see cref="MotCua.Domain.Receipts.ReceiptNumbering.FormNumber"/>, <see cref="MotCua.Domain.Receipts.ReceiptNumbering.DefaultSeriesPrefix"/>).
    /// </summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Units = await ReceiptSeriesSettings.ListAsync(db, clock.GetUtcNow(), ct);
        var unit = Units.FirstOrDefault(u => string.Equals(u.AgencyCode, Chosen?.Trim(), StringComparison.OrdinalIgnoreCase));
        Form = new SeriesForm
        {
            AgencyCode = unit?.AgencyCode,
            FormNumber = unit?.FormNumber ?? MotCua.Domain.Receipts.ReceiptNumbering.FormNumber,
            SeriesPrefix = unit?.SeriesPrefix ?? MotCua.Domain.Receipts.ReceiptNumbering.DefaultSeriesPrefix,
            TaxCode = unit?.TaxCode,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await ReceiptSeriesSettings.SetAsync(db, Form.AgencyCode, Form.FormNumber, Form.SeriesPrefix, Form.TaxCode, User, clock.GetUtcNow(), ct);
        if (outcome.Saved is { } saved) return Redirect($"/quan-tri/ky-hieu-bien-lai?daluu={Uri.EscapeDataString(saved.AgencyCode)}");
        Errors = outcome.NotFound
            ? new Dictionary<string, string[]> { ["agencyCode"] = ["Chọn một đơn vị tiếp nhận hồ sơ trong danh sách."] }
            : outcome.Problems!.ToDictionary(p => p.Key, p => new[] { p.Value });
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Units = await ReceiptSeriesSettings.ListAsync(db, clock.GetUtcNow(), ct);
        return Page();
    }
}
