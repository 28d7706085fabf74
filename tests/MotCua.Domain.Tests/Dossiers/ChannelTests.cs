using MotCua.Domain.Dossiers;

namespace MotCua.Domain.Tests.Dossiers;

public class ChannelTests
{
    [Theory]
    [InlineData("direct", Channel.Direct)]
    [InlineData(" Truc-Tiep ", Channel.Direct)]
    [InlineData("2", Channel.Online)]
    [InlineData("buu-chinh", Channel.Postal)]
    [InlineData("fax", null)]
    [InlineData(null, null)]
    public void Channels_are_named_by_API_name_Vietnamese_slug_or_national_code(string? name, Channel? channel) =>
        Assert.Equal(channel, Channels.Parse(name));
}
