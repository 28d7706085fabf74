namespace MotCua.Domain.Fees;

/// <summary>
/// What Mẫu 01 (phiếu tiếp nhận và hẹn trả kết quả) states of a dossier's fee when it prints no VietQR block (issue 14,
/// docs/FEES.md "Seventh round fixes"): an exemption with its reason and legal basis, a fee that could not be read
/// ("do cơ quan xác định": the applicant is told an amount will follow, never that the procedure is free), or an amount
/// due that no QR asks for (the unit has no collection account). A dossier whose QR block is printed, or whose procedure
/// charges nothing, gets no line.
/// </summary>
public static class FeeStatement
{
    /// <summary>The label of an exemption's line.</summary>
    public const string ExemptLabel = "Miễn phí, lệ phí:";

    /// <summary>The label of the line of a fee not read or of an amount due.</summary>
    public const string AmountLabel = "Mức phí, lệ phí:";

    /// <summary>What the slip says of a fee that could not be read to an amount.</summary>
    public const string Undetermined = "do cơ quan xác định (cơ quan thông báo số tiền phải nộp khi xác định được)";

    /// <summary>
    /// The line (label, text) for a fee fixed from <paramref name="source"/> (the <c>dossier_fees.source</c> value:
    /// catalogue | local | none | unplaced | officer) with <paramref name="dueVnd"/> due (integer VND) and the officer's
    /// exemption (<paramref name="exemptionReason"/>, <paramref name="exemptionLegalBasis"/>, both or neither), when
    /// <paramref name="qrPrinted"/> says whether the slip carries the payment's VietQR block; null when there is nothing to say.
    /// A fee waived only for a period (source none with <paramref name="reason"/>, "Miễn thu từ ngày … đến hết ngày …
    /// (…)", <see cref="FixedFee.Reason"/>) is stated with its period, so the applicant knows the waiver is not for good.
    /// <paramref name="paidVnd"/> (integer VND) is what was already paid of the fee; with no QR printed and the amount due
    /// all paid, the line says so ("500.000 đồng, đã nộp đủ."), never "phải nộp" (tenth trial, finding 3).
    /// </summary>
    public static (string Label, string Text)? For(string source, long dueVnd, string? exemptionReason, string? exemptionLegalBasis, bool qrPrinted,
        string? reason = null, long paidVnd = 0)
    {
        if (!string.IsNullOrWhiteSpace(exemptionReason))
            return (ExemptLabel, $"{exemptionReason.Trim().TrimEnd('.')} ({exemptionLegalBasis?.Trim().TrimEnd('.')}).");
        if (qrPrinted) return null;
        if (source == "none" && !string.IsNullOrWhiteSpace(reason)) return (ExemptLabel, reason.Trim().TrimEnd('.') + ".");
        if (source == "unplaced") return (AmountLabel, Undetermined + ".");
        if (dueVnd > 0 && paidVnd >= dueVnd) return (AmountLabel, $"{FeePreview.Vnd(dueVnd)}, đã nộp đủ.");
        return dueVnd > 0 ? (AmountLabel, $"{FeePreview.Vnd(dueVnd)} phải nộp.") : null;
    }
}
