using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MotCua.Domain.Dossiers;
using MotCua.Domain.Identity;

namespace MotCua.Documents.Tests;

/// <summary>
/// Each intake form, rendered and read back with pdftotext, prints every label of its list in
/// <see cref="IntakeForms"/> (docs/FORMS.md §4 and §9) in order: the title case-insensitively, the rest exactly.
/// </summary>
public sealed class IntakeFormLabelTests
{
    public static TheoryData<ApplicantKind, Channel> KindsAndChannels()
    {
        var data = new TheoryData<ApplicantKind, Channel>();
        foreach (var kind in Enum.GetValues<ApplicantKind>())
        {
            foreach (var channel in Enum.GetValues<Channel>())
            {
                data.Add(kind, channel);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndChannels))]
    public void Receipt_prints_every_label_of_Mau_01_in_order_for_every_applicant_and_channel(ApplicantKind kind, Channel channel)
    {
        var applicant = ApplicantOf(kind);
        var form = Samples.Receipt() with { Applicant = applicant, Channel = channel };
        var text = Render($"mau-01-{kind}-{channel}", IntakeForms.Receipt(form));

        AssertInOrder(text, IntakeForms.ReceiptLabels, IntakeForms.ReceiptTitle, applicant.Submitter is null ? ["Người nộp:"] : []);
        AssertIdentifierBetween(text, applicant, "Tiếp nhận hồ sơ của:", "Địa chỉ:");
        Assert.Contains($"Tiếp nhận hồ sơ của: {applicant.Name}", text);
        // Beside the QR code, before the official lines that wrap around it.
        var beside = text[..text.IndexOf("Bộ phận Một cửa:", StringComparison.Ordinal)];
        Assert.Contains($"Hình thức nộp: {channel.Vietnamese()}", beside);
        Assert.DoesNotContain("Thư điện tử", text);
    }

    [Fact]
    public void Receipt_without_notes_prints_no_notes_line()
    {
        var text = Render("mau-01-khong-ghi-chu", IntakeForms.Receipt(Samples.Receipt() with { DueDateExplanation = null }));
        AssertInOrder(text, IntakeForms.ReceiptLabels, IntakeForms.ReceiptTitle, "Người nộp:", "Ghi chú:");
    }

    [Fact]
    public void Receipt_keeps_MotCua_notes_below_the_official_items()
    {
        var form = Samples.Receipt() with
        {
            TimeLimitCondition = "trong trường hợp cần xác minh",
            CompetentReceivedAt = Samples.Receipt().ReceivedAt.AddHours(26),
        };
        var text = Render("mau-01-ghi-chu", IntakeForms.Receipt(form));

        var notes = Notes(text);
        Assert.Contains("áp dụng trường hợp: trong trường hợp cần xác minh", notes);
        Assert.Contains("Cơ quan có thẩm quyền nhận hồ sơ lúc 10 giờ 15 phút, ngày 21 tháng 11 năm 2026", notes);
        Assert.Contains("Không tính: Thứ Bảy, Chủ nhật", notes);
        // Between item 1 and "Vào Sổ", only the official items.
        var body = text[text.IndexOf("1. Thành phần hồ sơ nộp gồm:", StringComparison.Ordinal)..text.IndexOf("Vào Sổ", StringComparison.Ordinal)];
        Assert.DoesNotContain("áp dụng trường hợp", body);
        Assert.DoesNotContain("Không tính", body);
        Assert.DoesNotContain("Cơ quan có thẩm quyền", body);
    }

    [Fact]
    public void Receipt_prints_the_form_of_each_paper_in_words()
    {
        var text = Render("mau-01-hinh-thuc", IntakeForms.Receipt(Samples.Receipt() with
        {
            Documents = [new("Tờ khai", 1, 0), new("Giấy chứng nhận", 1, 2), new("Bản vẽ", 0, 0)],
        }));
        Assert.Contains("Tờ khai 01 bản chính", text);
        Assert.Contains("Giấy chứng nhận 01 bản chính, 02 bản sao", text);
        Assert.Contains("Bản vẽ –", text);
    }

    [Fact]
    public void Receipt_leaves_a_blank_for_an_organisation_without_a_code()
    {
        var applicant = ApplicantOf(ApplicantKind.Organization) with { IdNumber = "", Email = null };
        var text = Render("mau-01-to-chuc-khong-ma", IntakeForms.Receipt(Samples.Receipt() with { Applicant = applicant }));
        Assert.Contains(ApplicantKind.Organization.IdentifierLabel() + ": ………", text);
        Assert.Contains("Email: ………", text);
    }

    [Fact]
    public void Supplement_request_for_a_dossier_prints_every_label_of_Mau_02_in_order()
    {
        var form = Samples.SupplementRequest() with { Applicant = ApplicantOf(ApplicantKind.Enterprise) };
        var text = Render("mau-02-nhan", IntakeForms.SupplementRequest(form));

        AssertInOrder(text, IntakeForms.SupplementRequestLabels, IntakeForms.SupplementRequestTitle);
        AssertIdentifierBetween(text, form.Applicant, "Hồ sơ của:", "Nội dung yêu cầu giải quyết:");
        Assert.Contains($"Mã hồ sơ: {form.DossierCode}", text);
        Assert.Contains("Thời gian nhận hồ sơ: 09 giờ 40 phút, ngày 19 tháng 11 năm 2026", text);
        Assert.Equal(form.Items.Count, Count(text, "Lý do:"));
    }

    [Fact]
    public void Supplement_request_at_the_desk_prints_neither_a_code_nor_a_receipt()
    {
        var form = Samples.SupplementRequest() with { DossierCode = null, ReceivedAt = null };
        var text = Render("mau-02-tai-quay", IntakeForms.SupplementRequest(form));

        AssertInOrder(text, IntakeForms.SupplementRequestLabels, IntakeForms.SupplementRequestTitle, "Mã hồ sơ:", "Người nộp:", "Thời gian nhận hồ sơ:");
        Assert.DoesNotContain("Mã hồ sơ", text);
        Assert.DoesNotContain("Thời gian nhận hồ sơ", text);
    }

    [Theory]
    [InlineData(ApplicantKind.Individual)]
    [InlineData(ApplicantKind.HouseholdBusiness)]
    public void Refusal_prints_every_label_of_Mau_03_in_order(ApplicantKind kind)
    {
        var form = Samples.Refusal() with { Applicant = ApplicantOf(kind) };
        var text = Render($"mau-03-{kind}", IntakeForms.Refusal(form));

        AssertInOrder(text, IntakeForms.RefusalLabels, IntakeForms.RefusalTitle, kind == ApplicantKind.Individual ? ["Người nộp:"] : []);
        AssertIdentifierBetween(text, form.Applicant, "Tiếp nhận hồ sơ của:", "Địa chỉ:");
        var unit = form.Letterhead.UnitName;
        Assert.Contains($"Bộ phận Một cửa: {unit}", text);
        Assert.Contains($"Qua xem xét, {unit} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", text);
        // The legal basis sits inside the reason, after it.
        Assert.True(text.IndexOf("Căn cứ: khoản 2 Điều 19", StringComparison.Ordinal) > text.IndexOf("Bộ phận Một cửa nơi có đất", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_label_is_NFC_and_lists_its_basis()
    {
        foreach (var label in IntakeForms.ReceiptLabels.Concat(IntakeForms.SupplementRequestLabels).Concat(IntakeForms.RefusalLabels))
        {
            Assert.True(label.Text.IsNormalized(NormalizationForm.FormC), label.Text);
            Assert.False(string.IsNullOrWhiteSpace(label.Basis), label.Text);
        }
    }

    /// <summary>A person, or an organisation with its code and the person handing the dossier in.</summary>
    internal static FormApplicant ApplicantOf(ApplicantKind kind) => kind switch
    {
        ApplicantKind.Individual => Samples.Receipt().Applicant,
        ApplicantKind.HouseholdBusiness => new()
        {
            Name = "Hộ kinh doanh Quán Cơm Hến Bà Tuyết", Kind = kind, IdNumber = "33A8012345", Submitter = "Lê Thị Tuyết",
            Address = "Số 2 Hàn Mặc Tử, phường Vỹ Dạ, thành phố Huế", Phone = "0914 555 222", Email = "comhen@example.vn",
        },
        ApplicantKind.Enterprise => new()
        {
            Name = "Công ty TNHH Xây dựng Trường Tiền", Kind = kind, IdNumber = "3301234567", Submitter = "Phạm Đức Thắng",
            Address = "Số 10 Lê Lợi, phường Thuận Hóa, thành phố Huế", Phone = "0234 3833 999", Email = "info@truongtien.example.vn",
        },
        _ => new()
        {
            Name = "Hợp tác xã Nông nghiệp Thủy Thanh", Kind = kind, IdNumber = "HTX-0375", Submitter = "Hồ Văn Lợi",
            Address = "Thôn Vân Thê, phường Thủy Thanh, thành phố Huế", Phone = "0234 3866 123",
        },
    };

    // pdftotext -raw: the text in the order the form draws it, which is the form's order. The default reading order
    // interleaves the cells of a table header that wraps ("Hình thức (bản chính, Ghi chú bản sao …").
    private static string Render(string name, byte[] pdf)
    {
        var path = PdfTools.Save(name, pdf);
        using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-raw", "-enc", "UTF-8", path, "-"])
            { RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 })!;
        var raw = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var text = Regex.Replace(raw, @"\s+", " ").Trim();
        Assert.True(text.IsNormalized(NormalizationForm.FormC), "pdftotext output is not NFC");
        return text;
    }

    private static string Notes(string text) => text[text.LastIndexOf("Ghi chú:", StringComparison.Ordinal)..];

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <param name="absent">Labels printed only with a value (<see cref="IntakeForms.Label.Always"/> false) that this form has none for.</param>
    private static void AssertInOrder(string text, IReadOnlyList<IntakeForms.Label> labels, string title, params string[] absent)
    {
        var position = 0;
        foreach (var label in labels)
        {
            var comparison = label.Text == title ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var at = text.IndexOf(label.Text, position, comparison);
            if (absent.Contains(label.Text))
            {
                Assert.False(label.Always, $"'{label.Text}' is always printed");
                Assert.True(text.IndexOf(label.Text, StringComparison.Ordinal) < 0, $"'{label.Text}' is printed though it has no value:\n{text}");
                continue;
            }
            Assert.True(at >= 0, $"'{label.Text}' ({label.Basis}) missing, or not after the label before it (from {position}):\n{text}");
            position = at + label.Text.Length;
        }
    }

    private static void AssertIdentifierBetween(string text, FormApplicant applicant, string before, string after)
    {
        var line = $"{applicant.Kind.IdentifierLabel()}: {applicant.IdNumber}";
        var at = text.IndexOf(line, StringComparison.Ordinal);
        Assert.True(at > text.IndexOf(before, StringComparison.Ordinal) && at < text.IndexOf(after, StringComparison.Ordinal),
            $"'{line}' missing or not between '{before}' and '{after}':\n{text}");
    }
}
