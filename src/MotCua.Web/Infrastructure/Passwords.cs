using Microsoft.AspNetCore.Identity;
using MotCua.Data;

namespace MotCua.Web.Infrastructure;

/// <summary>Password hashes of officer accounts (ASP.NET Core Identity's PBKDF2 format, in users.password_hash), for
/// sign-in, the administrators' user pages and the demo data alike.</summary>
public static class Passwords
{
    private static readonly PasswordHasher<User> Hasher = new();

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(User user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
}
