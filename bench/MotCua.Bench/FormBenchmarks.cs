using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using MotCua.Documents;
using MotCua.Domain.Dossiers;

namespace MotCua.Bench;

/// <summary>
/// What signing every form costs the desk (issue 11): Mẫu 01 for a land dossier of five papers rendered as before
/// (the baseline), and rendered then signed as MotCua now serves it (PKCS#7, SHA-256, RSA 2048), in one run.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class FormBenchmarks
{
    private ReceiptForm _form = null!;
    private X509Certificate2 _signer = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=MotCua bench, C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        _signer = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        _form = new ReceiptForm
        {
            Letterhead = new("UBND PHƯỜNG THUẬN HÓA", "Trung tâm Phục vụ hành chính công phường Thuận Hóa", "Thuận Hóa"),
            Number = "1285/TNHS-TTPVHCCPTH",
            DossierCode = "000.10.01.H46-261120-1285",
            Applicant = new FormApplicant
            {
                Name = "Nguyễn Thị Hường", IdNumber = "046186001234", Phone = "0914123456",
                Address = "Số 12 kiệt 45 đường Nguyễn Huệ, phường Thuận Hóa, thành phố Huế",
            },
            ProcedureName = "Đăng ký cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
            ProcedureCode = "1.004227",
            Documents =
            [
                new("Đơn đăng ký cấp Giấy chứng nhận quyền sử dụng đất (Mẫu số 04/ĐK)", 1, 0),
                new("Giấy chứng nhận quyền sử dụng đất", 0, 1),
                new("Mảnh trích đo bản đồ địa chính thửa đất", 1, 0),
                new("Thẻ Căn cước của người sử dụng đất", 0, 1),
                new("Chứng từ thực hiện nghĩa vụ tài chính về đất đai", 0, 1),
            ],
            TimeLimitText = "15 ngày làm việc",
            ReceivedAt = new DateTimeOffset(2026, 11, 20, 1, 15, 0, TimeSpan.Zero),
            DueAt = new DateTimeOffset(2026, 12, 11, 9, 30, 0, TimeSpan.Zero),
            ResultCollectionPlace = "Trung tâm Phục vụ hành chính công phường Thuận Hóa, 01 Lê Lai",
            RegisterBook = "01/2026",
            RegisterLine = 1285,
            ReceivingOfficerName = "Nguyễn Thị Hường",
            Channel = Channel.Direct,
            LookupUrl = "https://dichvucong.hue.gov.vn/tra-cuu-ho-so?ma=000.10.01.H46-261120-1285",
        };
    }

    [GlobalCleanup]
    public void Cleanup() => _signer.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] Rendered() => IntakeForms.Receipt(_form);

    [Benchmark]
    public Task<byte[]> RenderedAndSigned() =>
        PdfSignature.SignAsync(IntakeForms.Receipt(_form), _signer, "Giấy tiếp nhận hồ sơ", "Thuận Hóa", "Trung tâm Phục vụ hành chính công phường Thuận Hóa");
}
