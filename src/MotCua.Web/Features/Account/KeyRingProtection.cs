using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using MotCua.Web.Infrastructure;

namespace MotCua.Web.Features.Account;

/// <summary>
/// Encrypts each data protection key before <see cref="DatabaseKeyRing"/> stores it, with the <see cref="DeploymentKey"/>
/// (which is not in the database): whoever reads the database or a backup cannot forge a sign-in cookie or an
/// antiforgery token. The stored element is <c>&lt;sealed key="…id…"&gt;base64&lt;/sealed&gt;</c>.
/// </summary>
public sealed class KeyRingEncryptor(DeploymentKey key) : IXmlEncryptor
{
    internal const string Purpose = "data-protection-key-ring";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("sealed", new XAttribute("key", key.Id), Convert.ToBase64String(key.Seal(plain, Purpose)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>Opens what <see cref="KeyRingEncryptor"/> sealed. Data protection creates it by type name from the stored
/// XML, passing the app's services.</summary>
/// <exception cref="System.Security.Cryptography.CryptographicException">The key was sealed by another deployment key.</exception>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<DeploymentKey>();
        var plain = key.Open(Convert.FromBase64String(encryptedElement.Value), KeyRingEncryptor.Purpose);
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
    }
}
