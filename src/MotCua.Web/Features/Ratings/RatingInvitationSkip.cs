using System.Text.Json;
using MotCua.Web.Features.Outbox;
using Npgsql;

namespace MotCua.Web.Features.Ratings;

/// <summary>
/// The rating invitation (<see cref="RatingPlanner"/>, topic <see cref="RatingPlanner.InvitationTopic"/>) checked when it
/// would leave: planned at the return and held to the end of the quiet hours, it is skipped with the reason when the
/// dossier's rating is already final for its own link (<see cref="RatingStore.OwnLinkMayRateAsync"/>: rated by the own link
/// or the account), since the link would only answer 409 "đã được đánh giá" (trial 17t LOW 12). A dossier rated with the
/// printed code still gets it: the own link replaces that rating.
/// </summary>
public sealed class RatingInvitationSkip(NpgsqlDataSource data) : IOutboxSkip
{
    public string Topic => RatingPlanner.InvitationTopic;

    public async Task<string?> ReasonAsync(OutboxDelivery message, CancellationToken ct)
    {
        if (message.Payload.ValueKind != JsonValueKind.Object || !message.Payload.TryGetProperty("code", out var value) || value.GetString() is not { Length: > 0 } code)
            return null;
        return await RatingStore.OwnLinkMayRateAsync(data, code, ct)
            ? null
            : $"Bỏ qua, không gửi: hồ sơ {code} đã được đánh giá; đường dẫn mời đánh giá không còn dùng được.";
    }
}
