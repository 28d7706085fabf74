namespace MotCua.Domain.Identity;

/// <summary>
/// How a citizen's account on MotCua was proven at sign-in (<c>citizens.assurance</c>): <see cref="VneId"/> proves the
/// identity (the national electronic identity, level 2); <see cref="OneTimeCode"/> proves only the possession of a phone
/// or an e-mail address, never who the person is.
/// </summary>
public enum CitizenAssurance
{
    /// <summary>Signed in through VNeID (tài khoản định danh điện tử): the CCCD is the person's own.</summary>
    VneId = 1,
    /// <summary>Signed in with a one-time code (mã xác thực dùng một lần) sent by SMS or e-mail.</summary>
    OneTimeCode = 2,
}
