using MotCua.Domain.Identity;

namespace MotCua.Domain.Tests.Dossiers;

public class MaskingTests
{
    [Theory]
    [InlineData("Nguyễn Văn An", "N*** V** A*")]
    [InlineData("  Trần   Thị Ý  ", "T*** T** Ý")]
    [InlineData("đặng thu trang", "Đ*** T** T***")]
    public void Shows_only_initials(string name, string masked) => Assert.Equal(masked, Masking.Name(name));

    [Fact]
    public void Handles_decomposed_input_as_one_letter()
    {
        var decomposed = "Ông Ích Khiêm".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal("Ô** Í** K***", Masking.Name(decomposed));
    }
}
