using MotCua.Domain.Ratings;

namespace MotCua.Domain.Tests.Ratings;

/// <summary>Which proof replaces which (<see cref="RatingProofs"/>), over every pair of proofs, and the tokens of the
/// printed code and the own link differ.</summary>
public class RatingProofRulesTests
{
    [Fact]
    public void Only_a_stronger_proof_replaces_and_only_a_printed_code_rating()
    {
        foreach (var next in Enum.GetValues<RatingProof>())
            foreach (var existing in Enum.GetValues<RatingProof>())
            {
                var expected = existing == RatingProof.Printed && next is RatingProof.OwnLink or RatingProof.Account;
                Assert.Equal(expected, RatingProofs.Replaces(next, existing));
                Assert.Equal(expected, RatingProofs.MayRate(next, existing));
                Assert.Equal(expected, RatingProofs.Replaced(next).Contains(existing));
            }
        Assert.All(Enum.GetValues<RatingProof>(), p => Assert.True(RatingProofs.MayRate(p, null)));
        Assert.False(RatingProofs.IsFinal(null));
        Assert.False(RatingProofs.IsFinal(RatingProof.Printed));
        Assert.True(RatingProofs.IsFinal(RatingProof.OwnLink));
        Assert.True(RatingProofs.IsFinal(RatingProof.Account));
        Assert.Equal([1, 2, 3], Enum.GetValues<RatingProof>().Select(p => (int)p));
    }

    [Fact]
    public void The_own_link_token_is_not_the_printed_token()
    {
        var printed = new byte[32];
        var own = new byte[32];
        own[0] = 1;
        for (long id = 1; id < 500; id++)
        {
            Assert.NotEqual(RatingToken.For(printed, id), RatingToken.For(own, id));
            Assert.False(RatingToken.Matches(printed, id, RatingToken.For(own, id)));
        }
        Assert.NotEqual(RatingToken.KeyPurpose, RatingToken.OwnKeyPurpose);
        Assert.NotEqual(RatingToken.OwnKeyPurpose, RatingToken.ReplaceKeyPurpose);
    }
}
