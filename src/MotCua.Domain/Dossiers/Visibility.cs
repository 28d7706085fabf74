namespace MotCua.Domain.Dossiers;

/// <summary>How far an officer sees a dossier (<see cref="Dossier.VisibilityFor"/>); the web answers <see cref="None"/> as not found.</summary>
public enum Visibility
{
    /// <summary>Not at all: the code is answered as not found, so other agencies' codes cannot be probed.</summary>
    None,
    /// <summary>Their agency holds it now (the receiving point, the agency of the current step, a co-agency with an open
    /// task): they read it and take the actions <see cref="Dossier.Allows"/> gives them.</summary>
    Holder,
    /// <summary>They handled it before (acted on it or were assigned it), or lead or head an agency that held it: they read
    /// it and its history after it left them, and take no action.</summary>
    Handler,
    /// <summary>The inspector (thanh tra): every dossier of the province, read-only.</summary>
    Inspector,
}
