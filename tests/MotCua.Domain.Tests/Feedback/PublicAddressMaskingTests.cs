using MotCua.Domain.Feedback;

namespace MotCua.Domain.Tests.Feedback;

/// <summary>
/// Issue 16, trial 16h HIGH 1: the sender's home address was published unless written exactly as one comma part of their
/// address. Every part below the commune is masked however it is written (with or without "Số", commas inside, a
/// sub-part, any case, with or without diacritics), street-level address phrases of anyone are masked too, and the
/// commune, district and province stay. Also the bracket before a masked phone stays: "(0905123456)" → "(***)".
/// </summary>
public sealed class PublicAddressMaskingTests
{
    private static readonly SenderData Phuc = new("Hồ Văn Phúc", Phone: "0905121212", Address: "Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế");

    [Fact]
    public void The_trials_question_and_answer_show_no_house_number_lane_or_street_of_the_sender()
    {
        Assert.Equal("Nhà tôi ở ***. Cán bộ đến *** xác minh nhưng không gặp. Địa chỉ: ***.",
            PublicText.Mask("Nhà tôi ở 12 kiệt 5 Nguyễn Trãi. Cán bộ đến kiệt 5 Nguyễn Trãi xác minh nhưng không gặp. Địa chỉ: số 12, kiệt 5, Nguyễn Trãi.", Phuc));
        Assert.Equal("Liên hệ anh P. tại ***.", PublicText.Mask("Liên hệ anh Phúc tại kiệt 5 Nguyễn Trãi.", Phuc));
    }

    [Theory]
    // The sender's own address, however written; the commune and the city stay.
    [InlineData("Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế", "Tôi ở Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế.", "Tôi ở ***, phường Thuận Hóa, thành phố Huế.")]
    [InlineData("Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế", "nha toi o so 12 kiet 5 nguyen trai, phuong thuan hoa", "nha toi o ***, phuong thuan hoa")]
    [InlineData("Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế", "NHÀ SỐ 12, KIỆT 5 NGUYỄN TRÃI", "NHÀ ***")]
    [InlineData("Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế", "gần 12 kiet 5 rồi", "gần *** rồi")]
    [InlineData("Số 12 kiệt 5 Nguyễn Trãi, phường Thuận Hóa, thành phố Huế", "Đường Nguyễn Trãi ngập nước.", "Đường Nguyễn Trãi ngập nước.")]
    [InlineData("12, kiệt 5, Nguyễn Trãi, Thuận Hóa, Huế", "ở 12 kiệt 5 Nguyễn Trãi", "ở ***")]
    [InlineData("thôn phú lộc 3, xã Phú Vang, thành phố Huế", "Tôi ở thôn Phú Lộc 3, xã Phú Vang.", "Tôi ở ***, xã Phú Vang.")]
    [InlineData("45/7 Hùng Vương, Huế", "nhà 45/7 hung vuong bị ngập", "nhà *** bị ngập")]
    // Anyone's street-level address, whatever the sender's.
    [InlineData("Phường Phú Xuân, Huế", "Hàng xóm ở số nhà 45 Lê Lợi làm ồn.", "Hàng xóm ở *** làm ồn.")]
    [InlineData("Phường Phú Xuân, Huế", "Quán ở hẻm 34/2 Trần Hưng Đạo mở nhạc.", "Quán ở *** mở nhạc.")]
    [InlineData("Phường Phú Xuân, Huế", "Nhà ông ấy ở ngõ 8 ngách 3 phố Huế, phường Phú Xuân.", "Nhà ông ấy ở ***, phường Phú Xuân.")]
    [InlineData("Phường Phú Xuân, Huế", "Tổ 5, khu phố 2, phường Phú Xuân.", "***, phường Phú Xuân.")]
    [InlineData("Phường Phú Xuân, Huế", "tại số 7 đường Hùng Vương.", "tại ***.")]
    [InlineData("Phường Phú Xuân, Huế", "ở tổ dân phố Mỹ Lợi 3, xóm Mới và ấp 4.", "ở *** và ***.")]
    [InlineData("Phường Phú Xuân, Huế", "Kiet 9 Phan Boi Chau.", "***.")]
    // Ordinary words that look like units stay.
    [InlineData("Phường Phú Xuân, Huế", "Ban Tiếp công dân và bạn Minh ở Buôn Ma Thuột; khoản 2 Điều 12 Nghị định số 118/2025/NĐ-CP; áp dụng từ 01.07.2025.", "Ban Tiếp công dân và bạn Minh ở Buôn Ma Thuột; khoản 2 Điều 12 Nghị định số 118/2025/NĐ-CP; áp dụng từ 01.07.2025.")]
    public void Every_part_below_the_commune_is_masked_and_the_commune_stays(string address, string text, string expected)
    {
        Assert.Equal(expected, PublicText.Mask(text, new SenderData("Lê Thị Hoa", Address: address)));
    }

    [Theory]
    [InlineData("Gọi tôi (0905123456) nhé.", "Gọi tôi (***) nhé.")]
    [InlineData("Gọi (+84) 905 123 456.", "Gọi ***.")]
    [InlineData("Gọi (0234) 3822 999.", "Gọi ***.")]
    public void A_bracket_around_a_masked_phone_stays_whole(string text, string expected)
    {
        Assert.Equal(expected, PublicText.Mask(text, null));
        Assert.Equal(expected, PublicText.Mask(text, Phuc));
    }
}
