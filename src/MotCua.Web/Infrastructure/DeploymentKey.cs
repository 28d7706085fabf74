using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Web.Infrastructure;

/// <summary>
/// The deployment's own secret: 32 random bytes that seal what must stay unreadable to someone holding only the
/// database or a backup of it (the data protection key ring that encrypts sign-in cookies, the agencies' signing keys).
/// It is never stored in the database. Where it comes from, first match wins:
/// <list type="number">
/// <item><c>Motcua:DeploymentKey</c> (environment <c>Motcua__DeploymentKey</c>): the key itself, base64 of 32 bytes;</item>
/// <item><c>Motcua:DeploymentKeyFile</c>: a file holding that base64 text;</item>
/// <item><c>{Motcua:DataFolder or .motcua}/deployment.key</c>, created with mode 0600 on the first start.</item>
/// </list>
/// Losing it makes sealed data unreadable (sessions end; signing keys must be imported again), so it is backed up apart
/// from the database (docs/SECURITY.md).
/// </summary>
public sealed class DeploymentKey
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] key;

    /// <summary>Uses <paramref name="key"/> (exactly 32 bytes) as the deployment key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes long.</exception>
    public DeploymentKey(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("Khóa triển khai phải dài đúng 32 byte.", nameof(key));
        this.key = key.ToArray();
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    /// <summary>A short fingerprint of the key (16 hex digits of its SHA-256) that tells which key sealed a value,
    /// without revealing it.</summary>
    public string Id { get; }

    /// <summary>Loads the key from configuration, a file, or the data folder (creating it there on the first start).</summary>
    /// <exception cref="InvalidOperationException">A configured key or key file is not base64 of 32 bytes.</exception>
    public static DeploymentKey Load(IConfiguration config)
    {
        if (config["Motcua:DeploymentKey"] is { Length: > 0 } inline) return new DeploymentKey(Decode(inline, "Motcua:DeploymentKey"));
        var path = config["Motcua:DeploymentKeyFile"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(config["Motcua:DataFolder"] ?? ".motcua", "deployment.key");
        path = Path.GetFullPath(path);
        if (File.Exists(path)) return new DeploymentKey(Decode(File.ReadAllText(path), path));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fresh = RandomNumberGenerator.GetBytes(32);
        // Written whole to a private file, then linked in place without overwriting: an instance starting beside this
        // one either finds no key or the whole key, never the empty file a direct CreateNew shows while it is written
        // (a clean-clone CI run read one), and two instances never keep different keys.
        var pending = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(path: pending, options))
            {
                file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)));
                file.Flush(flushToDisk: true);
            }
            Publish(pending, path);
            return new DeploymentKey(fresh);
        }
        catch (IOException) when (File.Exists(path))
        {
            return new DeploymentKey(Decode(File.ReadAllText(path), path));
        }
        finally
        {
            File.Delete(pending);
        }
    }

    /// <summary>Encrypts and authenticates <paramref name="plain"/> with AES-256-GCM, bound to <paramref name="purpose"/>
    /// (a value sealed for one purpose does not open for another). Shape: version byte 1, 12-byte nonce, 16-byte tag,
    /// ciphertext.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plain, string purpose)
    {
        var output = new byte[1 + NonceSize + TagSize + plain.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>Opens a value made by <see cref="Seal"/> for the same <paramref name="purpose"/>.</summary>
    /// <exception cref="CryptographicException">The value was sealed with another key or purpose, or was altered.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, string purpose)
    {
        if (sealedValue.Length < 1 + NonceSize + TagSize || sealedValue[0] != Version)
            throw new CryptographicException("Dữ liệu niêm phong không đúng định dạng.");
        var plain = new byte[sealedValue.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.Slice(1, NonceSize), sealedValue[(1 + NonceSize + TagSize)..], sealedValue.Slice(1 + NonceSize, TagSize),
            plain, Encoding.UTF8.GetBytes(purpose));
        return plain;
    }

    /// <summary>A 32-byte key for <paramref name="purpose"/> alone: HMAC-SHA-256 of "motcua-subkey:" and the purpose,
    /// keyed by the deployment key. Keys of different purposes are independent, and none reveals the deployment key.</summary>
    public byte[] DeriveKey(string purpose) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("motcua-subkey:" + purpose));

    /// <summary>Puts the written key at <paramref name="path"/> unless a key is there already. File.Move without
    /// overwrite checks and then renames, so two instances could each put their own key in turn; link(2) fails with
    /// EEXIST in one step.</summary>
    /// <exception cref="IOException">A key is there already, or the folder cannot be written.</exception>
    private static void Publish(string pending, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(pending, path, overwrite: false);
            return;
        }
        if (link(pending, path) != 0)
            throw new IOException($"Không đặt được khóa triển khai vào {path} (errno {Marshal.GetLastPInvokeError()}).");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string created);

    private static byte[] Decode(string text, string source)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            if (bytes.Length == 32) return bytes;
        }
        catch (FormatException)
        {
            // Reported below with the source named.
        }
        throw new InvalidOperationException($"Khóa triển khai ở {source} phải là base64 của đúng 32 byte.");
    }
}
