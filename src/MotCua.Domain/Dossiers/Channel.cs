namespace MotCua.Domain.Dossiers;

/// <summary>How a dossier reached the one-stop unit; values are the national channel codes used in portal sync.</summary>
public enum Channel
{
    Direct = 1,
    Online = 2,
    Postal = 3,
}
