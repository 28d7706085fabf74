using MotCua.Domain.Dossiers;
using MotCua.Domain.Messages;

namespace MotCua.Domain.Tests.Dossiers;

/// <summary>The applicant's choice of how to receive the result (<see cref="ResultDelivery"/>), over every channel × every
/// way × with and without an address; Mẫu 01's place and <c>{nhanKetQua}</c> from it.</summary>
public class ResultDeliveryTests
{
    private const string Home = "12 Lê Lợi, phường Thuận Hóa";

    // Quyết định 45/2016/QĐ-TTg: desk and postal applicants choose desk or post; online ones also the electronic result.
    private static readonly Dictionary<Channel, ReturnMethod[]> Offered = new()
    {
        [Channel.Direct] = [ReturnMethod.Desk, ReturnMethod.Post],
        [Channel.Postal] = [ReturnMethod.Post, ReturnMethod.Desk],
        [Channel.Online] = [ReturnMethod.Electronic, ReturnMethod.Desk, ReturnMethod.Post],
    };

    [Fact]
    public void Every_channel_offers_its_ways_and_refuses_the_others_naming_the_field()
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            Assert.Equal(Offered[channel], ResultDelivery.Offered(channel));
            var byDefault = ResultDelivery.DefaultFor(channel, Home);
            Assert.Equal(Offered[channel][0], byDefault.Method);
            Assert.Equal(byDefault.Method == ReturnMethod.Post ? Home : null, byDefault.Address);
            foreach (var method in Enum.GetValues<ReturnMethod>())
                foreach (var typed in new[] { null, "", "  99 Trần Hưng Đạo  " })
                    foreach (var name in new[] { ResultDelivery.ApiName(method), ((int)method).ToString(System.Globalization.CultureInfo.InvariantCulture) })
                    {
                        var (delivery, field, problem) = ResultDelivery.Choose(channel, name, typed, Home);
                        if (!Offered[channel].Contains(method))
                        {
                            Assert.Null(delivery);
                            Assert.Equal("resultDelivery", field);
                            Assert.Contains("không nhận kết quả điện tử", problem);
                            continue;
                        }
                        Assert.Null(problem);
                        Assert.Equal(method, delivery!.Method);
                        Assert.Equal(method == ReturnMethod.Post ? string.IsNullOrWhiteSpace(typed) ? Home : "99 Trần Hưng Đạo" : null, delivery.Address);
                    }
            Assert.Equal(byDefault, ResultDelivery.Choose(channel, null, null, Home).Delivery);
            Assert.Equal(byDefault, ResultDelivery.Choose(channel, " ", null, Home).Delivery);
            Assert.Equal("resultDelivery", ResultDelivery.Choose(channel, "fax", null, Home).Field);
            Assert.Equal("resultAddress", ResultDelivery.Choose(channel, "post", null, "  ").Field);
            Assert.Equal("resultAddress", ResultDelivery.Choose(channel, "post", new string('a', ResultDelivery.MaxAddress + 1), Home).Field);
        }
    }

    [Fact]
    public void Mau_01_and_the_result_ready_message_say_the_way_chosen()
    {
        var desk = new ResultDelivery(ReturnMethod.Desk, null);
        var post = new ResultDelivery(ReturnMethod.Post, "99 Trần Hưng Đạo");
        var online = new ResultDelivery(ReturnMethod.Electronic, null);
        Assert.Equal("Trung tâm, 01 Lê Lai", desk.Place("Trung tâm", "01 Lê Lai"));
        Assert.Equal("99 Trần Hưng Đạo (qua dịch vụ bưu chính công ích)", post.Place("Trung tâm", "01 Lê Lai"));
        Assert.Equal("Bản điện tử trong tài khoản dịch vụ công của người nộp", online.Place("Trung tâm", "01 Lê Lai"));
        Assert.Equal("nhận trực tiếp tại Trung tâm", NotificationPlaceholders.ResultCollection(desk, "Trung tâm"));
        Assert.Equal("gửi qua bưu chính công ích đến địa chỉ đã đăng ký", NotificationPlaceholders.ResultCollection(post, "Trung tâm"));
        Assert.Equal("tải kết quả điện tử trong tài khoản dịch vụ công", NotificationPlaceholders.ResultCollection(online, "Trung tâm"));
    }
}
