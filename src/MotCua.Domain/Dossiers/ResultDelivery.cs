namespace MotCua.Domain.Dossiers;

/// <summary>
/// How the applicant chose, at intake, to receive the result (cách nhận kết quả): at the one-stop desk, by the public
/// postal service to <see cref="Address"/>, or as the electronic result in the online account. Quyết định 45/2016/QĐ-TTg
/// lets an applicant who sent the dossier by post collect the result at the desk and one who handed it in at the desk
/// receive it by post; an online applicant takes the electronic result or the paper at the unit or by post (Nghị định
/// 61/2018/NĐ-CP as amended: results are returned at the one-stop unit, through the public postal service, or online).
/// Printed on Mẫu 01, said by <c>{nhanKetQua}</c>, and proposed as the way of return (the officer still records the way
/// the result actually went, <see cref="ReturnDetails"/>). <see cref="Address"/> is set for <see cref="ReturnMethod.Post"/>
/// only.
/// </summary>
public sealed record ResultDelivery(ReturnMethod Method, string? Address)
{
    /// <summary>The longest postal address kept, in characters (an address line of Mẫu 01).</summary>
    public const int MaxAddress = 500;

    /// <summary>
    /// The ways <paramref name="channel"/> offers, the default first: desk and post for a desk or postal dossier (post
    /// first for a postal one); electronic, desk and post for an online one. [choice] The electronic result only online:
    /// a desk or postal applicant has no online account where it would be delivered.
    /// </summary>
    public static IReadOnlyList<ReturnMethod> Offered(Channel channel) => channel switch
    {
        Channel.Online => [ReturnMethod.Electronic, ReturnMethod.Desk, ReturnMethod.Post],
        Channel.Postal => [ReturnMethod.Post, ReturnMethod.Desk],
        _ => [ReturnMethod.Desk, ReturnMethod.Post],
    };

    /// <summary>What a route without a choice records (the portal's push, a monitored dossier, a client that leaves it
    /// out, every dossier stored before migration 0111): the way the dossier came in, a postal one to the applicant's
    /// <paramref name="applicantAddress"/>.</summary>
    public static ResultDelivery DefaultFor(Channel channel, string? applicantAddress) => Offered(channel)[0] == ReturnMethod.Post
        ? new(ReturnMethod.Post, applicantAddress?.Trim() ?? "")
        : new(Offered(channel)[0], null);

    /// <summary>The way named by its API name (<c>desk</c>, <c>post</c>, <c>electronic</c>), its Vietnamese slug
    /// (<c>truc-tiep</c>, <c>buu-chinh</c>, <c>dien-tu</c>) or its number (1, 2, 3), ignoring case and spaces; null else.</summary>
    public static ReturnMethod? Parse(string? method) => method?.Trim().ToLowerInvariant() switch
    {
        "desk" or "truc-tiep" or "1" => ReturnMethod.Desk,
        "post" or "buu-chinh" or "2" => ReturnMethod.Post,
        "electronic" or "dien-tu" or "3" => ReturnMethod.Electronic,
        _ => null,
    };

    /// <summary>The API name of <paramref name="method"/>: <c>desk</c>, <c>post</c> or <c>electronic</c>.</summary>
    public static string ApiName(ReturnMethod method) => method switch
    {
        ReturnMethod.Post => "post",
        ReturnMethod.Electronic => "electronic",
        _ => "desk",
    };

    /// <summary>
    /// The applicant's choice for a dossier of <paramref name="channel"/>: <paramref name="method"/> as
    /// <see cref="Parse"/> reads it (absent or blank: <see cref="DefaultFor"/>), and for post the address typed in
    /// <paramref name="address"/> (blank: the applicant's <paramref name="applicantAddress"/>). Else the problem, in
    /// Vietnamese, keyed by the API's field: <c>resultDelivery</c> (not a way, or a way <paramref name="channel"/> does not
    /// offer) or <c>resultAddress</c> (post without any address, or longer than <see cref="MaxAddress"/>).
    /// </summary>
    public static (ResultDelivery? Delivery, string? Field, string? Problem) Choose(Channel channel, string? method, string? address, string? applicantAddress)
    {
        ReturnMethod chosen;
        if (string.IsNullOrWhiteSpace(method)) chosen = Offered(channel)[0];
        else if (Parse(method) is { } parsed) chosen = parsed;
        else return (null, "resultDelivery", "Cách nhận kết quả phải là desk (trực tiếp), post (bưu chính công ích) hoặc electronic (bản điện tử).");
        if (!Offered(channel).Contains(chosen))
            return (null, "resultDelivery", $"Hồ sơ nộp {(channel == Channel.Postal ? "qua bưu chính công ích" : "trực tiếp")} không nhận kết quả điện tử; chọn nhận trực tiếp hoặc qua bưu chính công ích.");
        if (chosen != ReturnMethod.Post) return (new(chosen, null), null, null);
        var to = (string.IsNullOrWhiteSpace(address) ? applicantAddress : address)?.Trim() ?? "";
        if (to.Length == 0) return (null, "resultAddress", "Nhận kết quả qua bưu chính công ích: vui lòng nhập địa chỉ nhận.");
        if (to.Length > MaxAddress) return (null, "resultAddress", $"Địa chỉ nhận kết quả tối đa {MaxAddress} ký tự.");
        return (new(ReturnMethod.Post, to), null, null);
    }

    /// <summary>Item 6 of Mẫu 01 (nơi trả kết quả): the unit's name and address, the postal address, or the online account.</summary>
    public string Place(string agencyName, string agencyAddress) => Method switch
    {
        ReturnMethod.Post => $"{Address} (qua dịch vụ bưu chính công ích)",
        ReturnMethod.Electronic => "Bản điện tử trong tài khoản dịch vụ công của người nộp",
        _ => $"{agencyName}, {agencyAddress}",
    };

    /// <summary>What the dossier's pages and API say of the choice: "Nhận trực tiếp tại Bộ phận Một cửa", "Qua dịch vụ bưu
    /// chính công ích đến {address}", "Bản điện tử trong tài khoản dịch vụ công".</summary>
    public string Text => Method switch
    {
        ReturnMethod.Post => $"Qua dịch vụ bưu chính công ích đến {Address}",
        ReturnMethod.Electronic => "Bản điện tử trong tài khoản dịch vụ công",
        _ => "Nhận trực tiếp tại Bộ phận Một cửa",
    };
}
