namespace MotCua.Domain.Dossiers;

/// <summary>The national dossier statuses; the numbers are the codes the National Public Service Portal syncs.</summary>
public enum DossierStatus
{
    Submitted = 1,
    Received = 2,
    NotReceived = 3,
    InProcess = 4,
    SupplementRequested = 5,
    AwaitingPayment = 6,
    WithdrawalRequested = 7,
    Stopped = 8,
    ResultReady = 9,
    Returned = 10,
}

public static class DossierStatusNames
{
    /// <summary>The status's name in the national list the portal syncs (TrangThaiHoSo), e.g. 5 "Yêu cầu bổ sung giấy tờ".</summary>
    public static string Vietnamese(this DossierStatus status) => status switch
    {
        DossierStatus.Submitted => "Mới đăng ký",
        DossierStatus.Received => "Được tiếp nhận",
        DossierStatus.NotReceived => "Không được tiếp nhận",
        DossierStatus.InProcess => "Đang xử lý",
        DossierStatus.SupplementRequested => "Yêu cầu bổ sung giấy tờ",
        DossierStatus.AwaitingPayment => "Yêu cầu thực hiện nghĩa vụ tài chính",
        DossierStatus.WithdrawalRequested => "Công dân yêu cầu rút hồ sơ",
        DossierStatus.Stopped => "Dừng xử lý",
        DossierStatus.ResultReady => "Đã xử lý xong",
        DossierStatus.Returned => "Đã trả kết quả",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Vietnamese(this Channel channel) => channel switch
    {
        Channel.Direct => "Trực tiếp",
        Channel.Online => "Trực tuyến",
        Channel.Postal => "Bưu chính công ích",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };
}
