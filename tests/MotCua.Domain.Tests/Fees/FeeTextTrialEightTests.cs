using System.Text.RegularExpressions;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using Xunit.Abstractions;
using static MotCua.Domain.Tests.Fees.NationalCatalogue;

namespace MotCua.Domain.Tests.Fees;

/// <summary>The eighth trial's fee-text findings over every procedure of the national catalogue: a "Miễn phí" that refers
/// the fee to the Law on Fees and Charges is not a free procedure (A), a "Miễn phí" for the period of Thông tư
/// 64/2025/TT-BTC is free only in that period (B).</summary>
public partial class FeeTextTrialEightTests(ITestOutputHelper output)
{
    // The deferral as a reader would spot it, written apart from the product's pattern: the bracket of a "Miễn phí" cell
    // citing the law on fees ("Luật phí và lệ phí", "pháp luật về phí, lệ phí").
    [GeneratedRegex(@"^Miễn phí\s*\(.*(?:Luật [Pp]hí và [Ll]ệ phí|pháp luật về phí, lệ phí)", RegexOptions.Singleline)]
    private static partial Regex CitesTheLaw();

    [GeneratedRegex(@"\d[\d.,]*\s*(?:đồng|Đồng|VNĐ|VND|đ(?![\p{L}]))")]
    private static partial Regex AmountWritten();

    [Fact]
    public void A_free_cell_that_refers_the_fee_to_the_law_is_not_determined_and_never_free()
    {
        var citing = Channels().Where(c => CitesTheLaw().IsMatch(c.Terms.FeeText ?? "")).ToList();
        var moved = citing.Where(c => c.Rules.Unplaced == UnplacedFees.ReferredToLaw).ToList();
        output.WriteLine($"«Miễn phí» citing the law on fees: {citing.Count} channels in {citing.Select(c => c.Spec.Code).Distinct().Count()} procedures; " +
            $"referredToLaw {moved.Count} channels in {moved.Select(c => c.Spec.Code).Distinct().Count()} procedures (e.g. {string.Join(", ", moved.Select(c => c.Spec.Code).Distinct().Take(8))})");
        foreach (var other in citing.Except(moved))
            output.WriteLine($"  not moved: {other.Spec.Code} {other.Terms.Channel} → {other.Rules.Unplaced ?? (other.Rules.Free ? "free" : other.Rules.Items.Count + " items")}: {other.Terms.FeeText}");
        Assert.True(moved.Select(c => c.Spec.Code).Distinct().Count() >= 45);
        // Every channel citing the law is read as something other than free: flagged, or its amounts read.
        Assert.All(citing, c => Assert.False(c.Rules.Free, $"{c.Spec.Code} {c.Terms.Channel}: {c.Terms.FeeText}"));
        foreach (var code in new[] { "1.012753", "1.012793", "1.014155" })
        {
            var spec = Catalogue.Value.Single(p => p.Code == code);
            foreach (var terms in spec.Channels)
            {
                var rules = FeeTextReader.Read(spec, terms);
                Assert.Equal(UnplacedFees.ReferredToLaw, rules.Unplaced);
                Assert.False(FeeTextReader.ChargesFee(spec));
                // At intake: not determined (the officer types the amount as for any unread fee), never "no fee".
                var atIntake = DossierFee.Fix(rules, terms.Channel, new DateOnly(2026, 12, 2), null, null, null);
                Assert.Equal((FeeSource.Unplaced, 0L), (atIntake.Source, atIntake.DueVnd));
                // Tenth trial, finding 7: the reason apart from the published text.
                Assert.Contains("Luật Phí và lệ phí", atIntake.Reason, StringComparison.Ordinal);
                var preview = FeePreview.Of(rules, terms.Channel, new DateOnly(2026, 12, 2), null, null, terms.FeeText);
                Assert.Contains("Luật Phí và lệ phí", preview.UnplacedText, StringComparison.Ordinal);
                // The local fee set at adoption wins.
                var local = DossierFee.Fix(rules, terms.Channel, new DateOnly(2026, 12, 2), 50_000, "Nghị quyết HĐND tỉnh", null);
                Assert.Equal((FeeSource.Local, 50_000L), (local.Source, local.DueVnd));
            }
            // The import report lists it with its kind.
            Assert.Contains(FeeSummary.Of([spec]).Unplaced, u => u.Kind == UnplacedFees.ReferredToLaw && u.Reason.StartsWith("ô ghi «Miễn phí» nhưng mô tả dẫn chiếu", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_plain_free_cell_stays_free()
    {
        // "Miễn phí" and nothing else: no bracket, and no amount in the description (3.000380's description writes one, a
        // seventh-round freeButAmount).
        var plain = Channels().Where(c => c.Terms.FeeText?.Trim() == "Miễn phí" && !AmountWritten().IsMatch(c.Terms.Description ?? "")).ToList();
        output.WriteLine($"plain «Miễn phí»: {plain.Count} channels in {plain.Select(c => c.Spec.Code).Distinct().Count()} procedures");
        Assert.NotEmpty(plain);
        Assert.All(plain, c => Assert.True(c.Rules.Free, c.Spec.Code));
        Assert.All(plain, c => Assert.Equal(FeeSource.None, DossierFee.Fix(c.Rules, c.Terms.Channel, new DateOnly(2026, 12, 2), null, null, null).Source));
        // "Không thu lệ phí … theo quy định …" says nothing is charged: free whatever it cites.
        var notCharged = FeeTextReader.Read(null, "Miễn phí(Không thu lệ phí đăng ký đối với tổ hợp tác theo quy định tại khoản 2 Điều 22 Luật Hợp tác xã 2023.)", null);
        Assert.True(notCharged.Free);
    }
    [Theory]
    [InlineData("1.013216")]
    [InlineData("1.013218")]
    [InlineData("1.013234")]
    public void A_free_cell_for_the_period_of_Thong_tu_64_2025_is_free_in_it_and_not_determined_outside(string code)
    {
        var spec = Catalogue.Value.Single(p => p.Code == code);
        foreach (var terms in spec.Channels)
        {
            var rules = FeeTextReader.Read(spec, terms);
            Assert.Equal(UnplacedFees.FreeForPeriod, rules.Unplaced);
            var period = Assert.Single(rules.Reductions);
            Assert.Equal((0, new DateOnly(2025, 7, 1), new DateOnly(2026, 12, 31)), (period.PercentCharged, period.From, period.Until));
            Assert.False(FeeTextReader.ChargesFee(spec));
            foreach (var day in new DateOnly[] { new(2025, 7, 1), new(2026, 12, 2), new(2026, 12, 31) })
            {
                var during = DossierFee.Fix(rules, terms.Channel, day, null, null, null);
                Assert.Equal((FeeSource.None, 0L), (during.Source, during.DueVnd));
                Assert.Contains("64/2025/TT-BTC", during.PublishedText, StringComparison.Ordinal);
                // The ninth trial: the dossier page and Mẫu 01 said "không thu phí" as if for good; they state the period.
                // Tenth trial, finding 7: the period is the fee's reason, kept apart from its published text.
                Assert.StartsWith("Miễn thu từ ngày 01/07/2025 đến hết ngày 31/12/2026 (", during.Reason, StringComparison.Ordinal);
                Assert.Equal((FeeStatement.ExemptLabel, during.Reason + "."),
                    FeeStatement.For("none", 0, null, null, qrPrinted: false, during.Reason));
                var shown = FeePreview.Of(rules, terms.Channel, day, null, null, terms.FeeText);
                Assert.Null(shown.UnplacedText);
                Assert.Equal("Miễn thu từ ngày 01/07/2025 đến hết ngày 31/12/2026", shown.ReductionText);
            }
            foreach (var day in new DateOnly[] { new(2025, 6, 30), new(2027, 1, 1) })
            {
                var outside = DossierFee.Fix(rules, terms.Channel, day, null, null, null);
                Assert.Equal((FeeSource.Unplaced, 0L), (outside.Source, outside.DueVnd));
                Assert.Contains("ngoài thời gian đó không nêu mức thu", FeePreview.Of(rules, terms.Channel, day, null, null, terms.FeeText).UnplacedText, StringComparison.Ordinal);
                // A unit that knows the amount after the period sets it as its local fee at adoption, which wins.
                Assert.Equal(FeeSource.Local, DossierFee.Fix(rules, terms.Channel, day, 100_000, "Thông tư của Bộ Tài chính", null).Source);
            }
        }
        var listed = FeeSummary.Of([spec]).Unplaced;
        Assert.Equal(spec.Channels.Count, listed.Count);
        Assert.All(listed, u => Assert.Equal((UnplacedFees.FreeForPeriod, true), (u.Kind, u.Reason.StartsWith("miễn phí từ ngày 01/07/2025 đến hết ngày 31/12/2026", StringComparison.Ordinal))));
    }

    [Fact]
    public void Every_free_cell_of_the_catalogue_for_a_period_of_another_text_is_read_so()
    {
        var periods = Channels().Where(c => c.Rules.Unplaced == UnplacedFees.FreeForPeriod).ToList();
        output.WriteLine($"«Miễn phí» for a period of another text: {periods.Count} channels in {periods.Select(c => c.Spec.Code).Distinct().Count()} procedures ({string.Join(", ", periods.Select(c => c.Spec.Code).Distinct())})");
        Assert.Contains(periods, c => c.Spec.Code == "1.013216");
        Assert.All(periods, c => Assert.StartsWith("Miễn phí", c.Terms.FeeText, StringComparison.Ordinal));
        Assert.All(periods, c => Assert.Empty(c.Rules.Items));
        // 1.002613's amount stays the amount outside its period; the period of unstated rate stays unplaced in it.
        Assert.DoesNotContain(periods, c => c.Spec.Code == "1.002613");
    }
}
