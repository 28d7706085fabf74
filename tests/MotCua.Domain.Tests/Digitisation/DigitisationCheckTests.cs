using MotCua.Domain.Digitisation;

namespace MotCua.Domain.Tests.Digitisation;

public class DigitisationCheckTests
{
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(3, 3, true)]
    [InlineData(200, 200, true)]
    [InlineData(3, 2, false)] // a page dropped
    [InlineData(3, 4, false)] // a page added
    [InlineData(0, 0, false)] // nothing read is not a copy
    public void The_searchable_copy_is_kept_only_with_the_same_pages(int original, int searchable, bool kept) =>
        Assert.Equal(kept, DigitisationCheck.PageCountKept(original, searchable));
}
