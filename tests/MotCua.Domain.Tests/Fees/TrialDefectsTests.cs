using System.Runtime.CompilerServices;
using MotCua.Domain.Calendar;
using MotCua.Domain.Catalog;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Fees;
using MotCua.Domain.Receipts;
using Xunit.Abstractions;

namespace MotCua.Domain.Tests.Fees;

/// <summary>Issue 14, what a fresh trial found (docs/FEES.md): the desk's fee preview from the intake rule, reductions in
/// words, the inspector's register rule, the unit's tax code, the default process of a limit in calendar days.</summary>
public class TrialDefectsTests(ITestOutputHelper output)
{
    private static string CatalogPath([CallerFilePath] string sourceFile = "") =>
        Environment.GetEnvironmentVariable("MOTCUA_CATALOG_FILE") is { Length: > 0 } configured ? configured
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", "..", "..", "shared", "data", "tthc", "dvcqg_tthc_central_2026.jsonl"));

    private static readonly Lazy<IReadOnlyList<ProcedureSpec>> Catalogue = new(() =>
        [.. File.ReadLines(CatalogPath()).Where(l => l.Length > 0).Select(l => NationalCatalogParser.ParseLine(l).Spec)]);

    private static ChannelTerms Terms(string code, Channel channel) => Catalogue.Value.Single(p => p.Code == code).Channels.First(c => c.Channel == channel);

    private static readonly DateOnly TrialDay = new(2026, 12, 1);

    private static FeeRules Read(ChannelTerms terms) => FeeTextReader.Read(Catalogue.Value.Single(p => p.Channels.Contains(terms)), terms);

    [Fact]
    public void The_preview_of_1_000889_is_the_reduced_fee_with_its_period()
    {
        var terms = Terms("1.000889", Channel.Direct);
        var preview = FeePreview.Of(Read(terms), Channel.Direct, TrialDay, null, null, terms.FeeText);
        Assert.Equal(25_000, preview.Fee.DueVnd);
        Assert.Equal(FeeSource.Catalogue, preview.Fee.Source);
        Assert.Equal("Giảm còn 50% mức thu từ ngày 01/07/2025 đến hết ngày 31/12/2026", preview.ReductionText);
        Assert.Equal(50_000, preview.FullVnd);
        // After the period the full amount, and no reduction stated.
        var after = FeePreview.Of(Read(terms), Channel.Direct, new DateOnly(2027, 1, 1), null, null, terms.FeeText);
        Assert.Equal((50_000L, (string?)null), (after.Fee.DueVnd, after.ReductionText));
    }

    [Theory]
    [InlineData("2.000438", 70_000_000L)]
    [InlineData("2.001242", 140_000_000L)]
    public void A_fee_of_millions_at_half_reads_as_the_amount_due_and_the_reduction_in_words(string code, long full)
    {
        var terms = Terms(code, Channel.Direct);
        var preview = FeePreview.Of(Read(terms), Channel.Direct, TrialDay, null, null, terms.FeeText);
        output.WriteLine($"{code}: {FeePreview.Vnd(preview.Fee.DueVnd)}; {preview.ReductionText}; full {preview.FullVnd}; published: {terms.FeeText}");
        Assert.Equal(full / 2, preview.Fee.DueVnd);
        Assert.Equal(full, preview.FullVnd);
        Assert.Equal((full / 2).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.') + " đồng", FeePreview.Vnd(preview.Fee.DueVnd));
        Assert.StartsWith("Giảm còn 50% mức thu từ ngày 01/07/2025 đến hết ngày 31/12/2026", preview.ReductionText, StringComparison.Ordinal);
        Assert.Equal(terms.FeeText, preview.PublishedText);
    }

    [Fact]
    public void A_fee_by_case_published_only_in_the_description_lists_its_cases_and_no_unplaced_reason_1_003135()
    {
        var terms = Terms("1.003135", Channel.Direct);
        var preview = FeePreview.Of(Read(terms), Channel.Direct, TrialDay, null, null, terms.FeeText);
        Assert.Equal([20_000L, 50_000L], preview.Cases.Select(c => c.DueVnd!.Value));
        Assert.Null(preview.UnplacedText);
        Assert.Null(preview.ReductionText);
        Assert.Equal(FeeSource.Unplaced, preview.Fee.Source);
    }

    [Fact]
    public void A_local_fee_set_at_adoption_wins_in_the_preview_as_at_intake()
    {
        var terms = Terms("1.000889", Channel.Direct);
        var preview = FeePreview.Of(Read(terms), Channel.Direct, TrialDay, 30_000, "Mức thu theo Nghị quyết của HĐND tỉnh", terms.FeeText);
        Assert.Equal((30_000L, FeeSource.Local, (string?)null), (preview.Fee.DueVnd, preview.Fee.Source, preview.ReductionText));
        Assert.Equal("Mức thu theo Nghị quyết của HĐND tỉnh", preview.PublishedText);
    }

    [Fact]
    public void Every_channel_of_the_catalogue_previews_what_intake_fixes_that_day()
    {
        var count = 0;
        foreach (var spec in Catalogue.Value)
            foreach (var terms in spec.Channels)
            {
                var rules = FeeTextReader.Read(spec, terms);
                var preview = FeePreview.Of(rules, terms.Channel, TrialDay, null, null, terms.FeeText);
                var fixedAtIntake = DossierFee.Fix(rules, terms.Channel, TrialDay, null, null, null);
                Assert.Equal((fixedAtIntake.DueVnd, fixedAtIntake.FeeVnd, fixedAtIntake.ChargeVnd, fixedAtIntake.Source, fixedAtIntake.PublishedText),
                    (preview.Fee.DueVnd, preview.Fee.FeeVnd, preview.Fee.ChargeVnd, preview.Fee.Source, preview.Fee.PublishedText));
                Assert.Equal(fixedAtIntake.Items, preview.Fee.Items);
                Assert.Equal(rules.ByCase ? rules.Items.Count : 0, preview.Cases.Count);
                // Everything the officer reads is Vietnamese: no English reason left.
                Assert.DoesNotMatch(@"\b(the|fee|amount|whose|rate|reduction|published)\b", preview.UnplacedText ?? "");
                count++;
            }
        output.WriteLine($"{count} channels previewed");
    }

    [Fact]
    public void The_inspector_reads_every_units_register_the_accountant_and_leader_their_own()
    {
        Assert.True(FeeRegister.MayReadUnit(OfficerRole.Inspector, null, 7));
        Assert.True(FeeRegister.MayReadUnit(OfficerRole.Accountant, 7, 7));
        Assert.True(FeeRegister.MayReadUnit(OfficerRole.Leader, 7, 7));
        Assert.False(FeeRegister.MayReadUnit(OfficerRole.Leader, 8, 7));
        foreach (var role in new[] { OfficerRole.ReceivingOfficer, OfficerRole.Specialist, OfficerRole.DepartmentHead, OfficerRole.Admin })
            Assert.False(FeeRegister.MayReadUnit(role, 7, 7));
    }

    [Theory]
    [InlineData("0100047516", "0100047516")]
    [InlineData(" 0100 047 516 ", "0100047516")]
    [InlineData("0100047516-001", "0100047516-001")]
    [InlineData("0100047516001", "0100047516-001")]
    [InlineData("3300101406", "3300101406")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_tax_code_of_10_or_13_digits_is_stored_in_its_hyphen_form(string? typed, string? stored)
    {
        Assert.Equal((stored, (string?)null), TaxCode.Normalize(typed));
        if (stored is not null) Assert.True(TaxCode.IsStored(stored));
    }

    [Theory]
    [InlineData("012345678")]
    [InlineData("01000475160")]
    [InlineData("0100047516-01")]
    [InlineData("0100047516_001")]
    [InlineData("MST0100047516")]
    public void Anything_else_is_refused_in_Vietnamese(string typed)
    {
        Assert.Equal((null, TaxCode.Message), TaxCode.Normalize(typed));
        Assert.Contains("Mã số thuế", TaxCode.Message, StringComparison.Ordinal);
    }

    // The worked example the sources give (docs/FEES.md "Trial fixes"): 0·31 + 1·29 + 0·23 + 0·19 + 0·17 + 4·13 + 7·7 + 5·5
    // + 1·3 = 158, 158 mod 11 = 4, check digit 10 − 4 = 6.
    [Fact]
    public void The_check_digit_is_ten_less_the_weighted_sum_mod_11()
    {
        Assert.Equal(6, TaxCode.CheckDigit("010004751"));
        Assert.Equal(6, TaxCode.CheckDigit("330010140"));
        Assert.Null(TaxCode.CheckDigit("000000000"));
    }

    // Every wrong tenth digit of valid codes is refused, and the code that was accepted before without the check
    // ("0123456789": its check digit is 7) is now refused with the check digit's message; so are all-zero parts.
    [Theory]
    [InlineData("0123456789")]
    [InlineData("0123456789-001")]
    [InlineData("0100047515")]
    [InlineData("0100047517")]
    [InlineData("0100047516-000")]
    [InlineData("0000000000")]
    public void A_tax_code_with_a_wrong_check_digit_or_a_zero_part_is_refused(string typed)
    {
        Assert.Equal((null, TaxCode.CheckMessage), TaxCode.Normalize(typed));
        foreach (var digit in "0123456789".Where(d => d != '6'))
            Assert.Equal((null, TaxCode.CheckMessage), TaxCode.Normalize("010004751" + digit));
    }

    [Fact]
    public void A_receipt_with_a_malformed_tax_code_is_not_issued()
    {
        var draft = new ReceiptDraft("01BLP0-001", "MC-26E", 1, "Trung tâm", "123", "Trần Thị Bình", [new ReceiptItem("Lệ phí", "charge", 20_000)], 20_000, DateTimeOffset.UnixEpoch);
        Assert.Contains(TaxCode.Message, ReceiptContent.Problems(draft));
        Assert.Empty(ReceiptContent.Problems(draft with { CollectingUnitTaxCode = "0100047516-001" }));
    }

    [Fact]
    public void The_default_process_of_every_published_limit_gives_steps_of_office_time_the_calendar_counts_adding_up_to_it()
    {
        var calendar = new WorkingCalendar(CalendarSettings.Default, []);
        var limits = Catalogue.Value.SelectMany(p => p.Channels).SelectMany(c => c.Cases.Select(k => k.TimeLimit).Prepend(c.TimeLimit))
            .OfType<TimeLimit>().Where(l => l.Check() is null).Distinct().ToList();
        Assert.Contains(new TimeLimit(20, TimeUnit.CalendarDays), limits);
        foreach (var limit in limits)
            foreach (var withAssignment in new[] { true, false })
            {
                var steps = DefaultProcess.For(limit, 1, withAssignment);
                // Before: 20 calendar days / 8 = 2.5 days, which the calendar refuses (CalendarRangeException, a 500 at transfer).
                var allowed = steps.Select(s => calendar.WorkingTimeOf(s.Allowance)).ToList();
                if (limit.Unit is TimeUnit.CalendarDays or TimeUnit.Months)
                {
                    // Shared as office time: every step has some, and together the office time the limit holds at least
                    // (one working day at the least: a period ending on a rest day runs to the next working day's close).
                    Assert.All(steps, s => Assert.Equal(TimeUnit.WorkingHours, s.Allowance.Unit));
                    var held = Math.Max(calendar.WorkingTimeOf(limit).TotalHours, calendar.WorkingTimeOf(new TimeLimit(1, TimeUnit.WorkingDays)).TotalHours);
                    Assert.Equal(held, (double)steps.Sum(s => s.Allowance.Amount), 6);
                    if (limit.Amount > 0) Assert.All(allowed, a => Assert.True(a > TimeSpan.Zero, $"{limit}: a step without office time"));
                }
                else if (limit.Unit != TimeUnit.SameDay) Assert.Equal(limit.Amount, steps.Sum(s => s.Allowance.Amount));
            }
        var twenty = DefaultProcess.For(new TimeLimit(20, TimeUnit.CalendarDays), 1, withAssignment: true);
        Assert.Equal(calendar.WorkingTimeOf(new TimeLimit(20, TimeUnit.CalendarDays)), TimeSpan.FromTicks(twenty.Sum(s => calendar.WorkingTimeOf(s.Allowance).Ticks)));
        output.WriteLine($"{limits.Count} distinct published limits; 20 days: {string.Join(", ", twenty.Select(s => $"{s.Name} {s.Allowance}"))}");
    }
}
