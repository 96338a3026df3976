using System.Security.Cryptography;
using Vigil.Protocol.Actions;
using Vigil.Server.Pki;

namespace Vigil.Server.Actions;

/// <summary>
/// The key the server signs actions with: ECDSA P-256, its own, never used for TLS, kept as <c>actions/signing.key</c>
/// (0600) in the data folder and created on first start like the CA. Agents pin its public half at enrollment, so
/// neither the TLS certificate nor the CA can stand in for it. Back it up with the data folder: agents enrolled with
/// it refuse actions signed by any other key until they are enrolled again.
/// </summary>
public sealed class ActionSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private ActionSigningKey(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem() + "\n";
        KeyId = ActionSignature.KeyIdOf(key);
    }

    public string PublicKeyPem { get; }
    public string KeyId { get; }

    public static ActionSigningKey LoadOrCreate(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "actions");
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, "signing.key");
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                key.Dispose();
                throw new InvalidDataException($"{path}: not an EC private key in PEM ({e.Message})", e);
            }
            if (key.KeySize != 256)
            {
                key.Dispose();
                throw new InvalidDataException($"{path}: a {key.KeySize}-bit key; the action signing key is P-256");
            }
            return new ActionSigningKey(key);
        }
        key.Dispose();
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        PemFiles.WritePrivateKey(path, key);
        return new ActionSigningKey(key);
    }

    public byte[] Sign(ReadOnlySpan<byte> payload) => ActionSignature.Sign(_key, payload);

    public void Dispose() => _key.Dispose();
}
