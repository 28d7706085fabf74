namespace MotCua.Domain.Dossiers;

public enum ResultKind
{
    /// <summary>The leader approved and signed the result the citizen asked for.</summary>
    Approved = 1,
    /// <summary>A refusal on the merits: the refusal notice is the result.</summary>
    Refused = 2,
}

public enum ReturnMethod
{
    Desk = 1,
    Post = 2,
    Electronic = 3,
}

/// <summary>How the result went back to the citizen: who received it at the desk, the dispatch slip of the post, or the e-mail.</summary>
public sealed record ReturnDetails(ReturnMethod Method, string? ReceivedBy, string? DispatchNumber = null, string? PostalStatus = null);
