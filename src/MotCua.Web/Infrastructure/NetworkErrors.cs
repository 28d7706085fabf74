namespace MotCua.Web.Infrastructure;

/// <summary>Why a call to another system failed, in Vietnamese, for the messages people read (the administrator's banner,
/// the delivery's last error, the logs): .NET's own message is English ("An error occurred while sending the request.")
/// and ends with a full stop the sentence around it doubles (third trial of issue 16, LOW 11).</summary>
public static class NetworkErrors
{
    /// <summary>The cause of <paramref name="e"/> by its <see cref="HttpRequestError"/>, without a final full stop.</summary>
    public static string Vietnamese(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "không tìm thấy địa chỉ máy chủ (tên miền không phân giải được)",
        HttpRequestError.ConnectionError => "không mở được kết nối tới máy chủ (máy chủ tắt hoặc cổng bị chặn)",
        HttpRequestError.SecureConnectionError => "không thiết lập được kết nối bảo mật (TLS) với máy chủ",
        HttpRequestError.ResponseEnded => "máy chủ ngắt kết nối trước khi trả lời xong",
        HttpRequestError.ProxyTunnelError => "không kết nối được qua máy chủ proxy",
        HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => "máy chủ trả lời sai giao thức HTTP",
        HttpRequestError.ConfigurationLimitExceeded => "câu trả lời vượt giới hạn cấu hình",
        HttpRequestError.VersionNegotiationError or HttpRequestError.ExtendedConnectNotSupported or HttpRequestError.UserAuthenticationError
            => "máy chủ không chấp nhận kiểu kết nối",
        _ => "lỗi mạng khi gửi yêu cầu",
    };
}
