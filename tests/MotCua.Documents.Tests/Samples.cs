using System.Text;
using MotCua.Domain.Dossiers;

namespace MotCua.Documents.Tests;

/// <summary>Realistic Vietnamese form data: names and papers with stacked diacritics.</summary>
internal static class Samples
{
    public const string DossierCode = "000.00.15.H57-261120-0001";
    public const string LookupUrl = "https://dichvucong.hue.gov.vn/tra-cuu-ho-so?ma=000.00.15.H57-261120-0001";

    public static ReceiptForm Receipt() => new()
    {
        Letterhead = new("UBND THÀNH PHỐ HUẾ", "Trung tâm Phục vụ hành chính công", "Huế"),
        DossierCode = DossierCode,
        Number = "15/TNHS-TTPVHCC",
        Applicant = new()
        {
            // Decomposed (NFD) on purpose: the renderer must normalise to NFC.
            Name = "Nguyễn Thị Hường".Normalize(NormalizationForm.FormD),
            IdNumber = "046186001234",
            Address = "Số 12 kiệt 45 đường Nguyễn Huệ, phường Thuận Hóa, thành phố Huế",
            Phone = "0914 123 456",
            Email = "huong.nguyen@example.vn",
        },
        ProcedureName = "Đăng ký cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
        ProcedureCode = "1.004227",
        Documents =
        [
            new("Đơn đăng ký cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (Mẫu số 04/ĐK)", 1, 0),
            new("Giấy chứng nhận quyền sử dụng đất", 0, 1),
            new("Mảnh trích đo bản đồ địa chính thửa đất", 1, 0),
            new("Thẻ Căn cước của người sử dụng đất", 0, 1),
            new("Chứng từ thực hiện nghĩa vụ tài chính về đất đai", 0, 1),
        ],
        Sets = 1,
        TimeLimitText = "15 ngày làm việc",
        ReceivedAt = new DateTimeOffset(2026, 11, 20, 1, 15, 0, TimeSpan.Zero),   // 08:15 in Huế
        DueAt = new DateTimeOffset(2026, 12, 11, 9, 30, 0, TimeSpan.Zero),        // 16:30 in Huế
        DueDateExplanation = "Không tính: Thứ Bảy, Chủ nhật 21–22/11, 28–29/11, 05–06/12",
        ResultCollectionPlace = "Quầy số 5, Trung tâm Phục vụ hành chính công thành phố Huế, số 01 Lê Lai, phường Thuận Hóa",
        RegisterBook = "01/2026",
        RegisterLine = 1285,
        ReceivingOfficerName = "Trần Quốc Việt",
        Channel = Channel.Direct,
        LookupUrl = LookupUrl,
    };

    /// <summary>Twenty-five papers (an inheritance transfer of land): the table must flow onto page 2.</summary>
    public static readonly string[] TwentyFivePapers =
    [
        "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)",
        "Giấy chứng nhận quyền sử dụng đất",
        "Văn bản thỏa thuận phân chia di sản thừa kế",
        "Giấy chứng tử của người để lại di sản",
        "Tờ khai lệ phí trước bạ",
        "Tờ khai thuế thu nhập cá nhân",
        "Thẻ Căn cước của người nhận thừa kế",
        "Giấy khai sinh của người nhận thừa kế",
        "Giấy chứng nhận kết hôn",
        "Giấy xác nhận tình trạng hôn nhân",
        "Sơ đồ thửa đất",
        "Mảnh trích đo bản đồ địa chính",
        "Biên bản xác định ranh giới, mốc giới thửa đất",
        "Văn bản ủy quyền có chứng thực",
        "Văn bản từ chối nhận di sản",
        "Quyết định giao đất của Ủy ban nhân dân huyện Phú Vang",
        "Bản vẽ hiện trạng nhà ở",
        "Giấy phép xây dựng nhà ở",
        "Biên bản nghiệm thu công trình",
        "Giấy chứng nhận quyền sở hữu nhà ở",
        "Xác nhận thông tin về cư trú",
        "Di chúc có công chứng",
        "Biên lai nộp lệ phí trước bạ",
        "Thông báo nộp thuế thu nhập cá nhân",
        "Phiếu chuyển thông tin để xác định nghĩa vụ tài chính",
    ];

    public static ReceiptForm ReceiptWith25Documents() => Receipt() with
    {
        DossierCode = "000.00.15.H57-261120-0002",
        ProcedureName = "Đăng ký biến động quyền sử dụng đất do nhận thừa kế",
        ProcedureCode = "1.004206",
        LookupUrl = "https://dichvucong.hue.gov.vn/tra-cuu-ho-so?ma=000.00.15.H57-261120-0002",
        Documents = TwentyFivePapers.Select((name, i) => new ReceivedDocument(name, i % 2, 1)).ToList(),
    };

    public static SupplementRequestForm SupplementRequest() => new()
    {
        Letterhead = new("UBND THÀNH PHỐ HUẾ", "Ủy ban nhân dân phường Thuận Hóa", "Huế"),
        DossierCode = "000.20.15.H57-261119-0042",
        Number = "03/YCBS-BPMC",
        Applicant = new()
        {
            Name = "Nguyễn Thị Hường",
            IdNumber = "046186001234",
            Address = "Số 12 kiệt 45 đường Nguyễn Huệ, phường Thuận Hóa, thành phố Huế",
            Phone = "0914 123 456",
            Email = "huong.nguyen@example.vn",
        },
        ProcedureName = "Đăng ký khai sinh",
        ProcedureCode = "1.001193",
        ReceivedAt = new DateTimeOffset(2026, 11, 19, 2, 40, 0, TimeSpan.Zero),
        Items =
        [
            new("Giấy chứng sinh (bản chính)",
                "Hồ sơ chỉ có bản chụp; người đi đăng ký khai sinh phải nộp bản chính giấy chứng sinh do cơ sở y tế cấp."),
            new("Văn bản ủy quyền được chứng thực",
                "Người nộp hồ sơ không phải là cha, mẹ của trẻ nên phải có văn bản ủy quyền theo quy định."),
            new("Giấy chứng nhận kết hôn của cha, mẹ",
                "Tờ khai ghi cha, mẹ đã đăng ký kết hôn nhưng hồ sơ chưa có giấy tờ chứng minh để ghi phần khai về cha."),
        ],
        ContactOfficerName = "Trần Quốc Việt",
        ContactOfficerPhone = "0234 3822 118",
        OfficerName = "Trần Quốc Việt",
        IssuedAt = new DateTimeOffset(2026, 11, 19, 3, 5, 0, TimeSpan.Zero),
    };

    public static RefusalForm Refusal() => new()
    {
        Number = "02/TCHS-BPMC",
        Letterhead = new("UBND THÀNH PHỐ HUẾ", "Ủy ban nhân dân phường Thuận Hóa", "Huế"),
        Applicant = new()
        {
            Name = "Trần Quốc Việt",
            IdNumber = "046090004321",
            Address = "Số 7 đường Đoàn Thị Điểm, phường Thuận Hóa, thành phố Huế",
            Phone = "0905 777 321",
        },
        ProcedureName = "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
        ProcedureCode = "1.004203",
        ReceivedAt = new DateTimeOffset(2026, 11, 19, 7, 50, 0, TimeSpan.Zero),
        Reason = "Thửa đất đề nghị cấp đổi nằm trên địa bàn xã Phú Vinh, không thuộc thẩm quyền tiếp nhận của Ủy ban nhân dân phường Thuận Hóa. Đề nghị ông/bà nộp hồ sơ tại Bộ phận Một cửa nơi có đất.",
        LegalBasis = "khoản 2 Điều 19 Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ",
        OfficerName = "Nguyễn Thị Hường",
        IssuedAt = new DateTimeOffset(2026, 11, 19, 8, 0, 0, TimeSpan.Zero),
    };
}
